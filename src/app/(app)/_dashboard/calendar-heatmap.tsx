import type { HeatDay } from "@/server/services/dashboard/dashboard-shape";
import { cn } from "@/lib/utils";

const WEEKDAYS = ["Mon", "", "Wed", "", "Fri", "", ""];
const MONTH = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });
const LONG_DAY = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

/** Monday = 0 … Sunday = 6, for a "YYYY-MM-DD" already in the system time zone. */
const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

const LEVELS = ["bg-muted", "bg-success/30", "bg-success/55", "bg-success/80", "bg-success"];

/** 0 for none, then 1–4 by quartile of the busiest day, so one huge day does not wash out the rest. */
const levelOf = (n: number, max: number) => (n <= 0 ? 0 : Math.min(4, Math.max(1, Math.ceil((n / Math.max(1, max)) * 4))));

/** A year of backup runs, one square per day (weeks as columns, Monday on top); red where a run failed. */
export function CalendarHeatmap({ days }: { days: HeatDay[] }) {
  const lead = days.length ? weekdayOf(days[0]!.day) : 0;
  const cells: Array<HeatDay | null> = [...Array.from({ length: lead }, () => null), ...days];
  const weeks = Math.ceil(cells.length / 7);
  const max = days.reduce((m, d) => Math.max(m, d.total), 0);
  const months: Array<{ col: number; label: string }> = [];
  for (let w = 0; w < weeks; w++) {
    const first = cells.slice(w * 7, w * 7 + 7).find((c) => c !== null);
    if (!first) continue;
    const label = MONTH.format(new Date(`${first.day}T00:00:00Z`));
    if (months[months.length - 1]?.label !== label && Number(first.day.slice(8)) <= 7) months.push({ col: w, label });
  }
  return (
    <div className="overflow-x-auto" data-testid="backup-heatmap">
      <div className="inline-grid gap-x-1 gap-y-1" style={{ gridTemplateColumns: `auto repeat(${weeks}, 11px)`, gridTemplateRows: "auto repeat(7, 11px)" }}>
        <div />
        {Array.from({ length: weeks }, (_, w) => (
          <div key={`m${w}`} className="text-muted-foreground h-4 overflow-visible text-[10px] leading-4 whitespace-nowrap">
            {months.find((m) => m.col === w)?.label ?? ""}
          </div>
        ))}
        {Array.from({ length: 7 }, (_, row) => (
          <div key={`r${row}`} className="contents">
            <div className="text-muted-foreground pr-1 text-[10px] leading-[11px]">{WEEKDAYS[row]}</div>
            {Array.from({ length: weeks }, (_, w) => {
              const c = cells[w * 7 + row];
              if (c === undefined || c === null) return <div key={w} />;
              const title = `${LONG_DAY.format(new Date(`${c.day}T00:00:00Z`))}: ${c.total} backup run${c.total === 1 ? "" : "s"}${c.failed ? `, ${c.failed} failed` : ""}`;
              return (
                <div
                  key={w}
                  title={title}
                  aria-label={title}
                  className={cn("size-[11px] rounded-[2px]", c.failed ? (c.failed * 2 >= c.total ? "bg-destructive" : "bg-destructive/55") : LEVELS[levelOf(c.total, max)])}
                />
              );
            })}
          </div>
        ))}
      </div>
      <div className="text-muted-foreground mt-2 flex items-center gap-1 text-[11px]">
        <span>Fewer</span>
        {LEVELS.map((l) => (
          <span key={l} className={cn("size-[11px] rounded-[2px]", l)} />
        ))}
        <span>More</span>
        <span className="bg-destructive/55 ml-3 size-[11px] rounded-[2px]" />
        <span>Some failed</span>
      </div>
    </div>
  );
}
