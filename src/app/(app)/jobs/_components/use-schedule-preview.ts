"use client";
import { useEffect, useRef, useState } from "react";
import type { ScheduleDescription } from "@/lib/scheduler/cron";
import { describeScheduleAction } from "../actions";

const DEBOUNCE_MS = 250;

/**
 * The server's reading of a cron expression while it is typed: debounced, and only the answer to the
 * latest expression is kept (an older, slower answer never overwrites a newer one).
 */
export function useSchedulePreview(schedule: string, initial: ScheduleDescription | null) {
  const [preview, setPreview] = useState<{ for: string; value: ScheduleDescription } | null>(initial ? { for: schedule, value: initial } : null);
  const [failed, setFailed] = useState<string | null>(null);
  const latest = useRef(schedule);
  const shownFor = useRef<string | null>(initial ? schedule : null);

  useEffect(() => {
    latest.current = schedule;
    if (shownFor.current === schedule) return;
    const describe = async () => {
      const r = await describeScheduleAction({ schedule });
      if (latest.current !== schedule) return;
      if (r.ok) {
        shownFor.current = schedule;
        setPreview({ for: schedule, value: r.data });
        setFailed(null);
      } else setFailed(r.message);
    };
    const timer = setTimeout(() => void describe(), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [schedule]);

  return { preview: preview?.value ?? null, pending: preview?.for !== schedule && !failed, failed };
}
