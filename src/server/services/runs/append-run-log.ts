/**
 * One line of a run's log: an ExecutionLog row (the past, for pages that connect late) and a live
 * `log` event on the progress bus. Messages are written for people and never carry a secret or a
 * config; they are cut to MAX_MESSAGE characters.
 */
import { log } from "@/lib/logger";
import { db } from "@/server/db";
import { publishRunEvent } from "@/server/runs/progress-bus";

export type RunLogLevel = "debug" | "info" | "warn" | "error";

const MAX_MESSAGE = 4000;

export const appendRunLog = async (executionId: string, level: RunLogLevel, message: string): Promise<void> => {
  const text = message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
  try {
    const row = await db.executionLog.create({ data: { executionId, level, message: text } });
    publishRunEvent(executionId, { type: "log", id: row.id, at: row.at.toISOString(), level, message: text });
  } catch (e) {
    // A log line is never worth failing a run for.
    log.error("could not write a run log line", { executionId, error: e });
  }
};

export type RunLogger = {
  (level: RunLogLevel, message: string): void;
  /** Resolves once every line logged so far has been written */
  flush: () => Promise<void>;
};

/** A fire-and-forget logger for one run that keeps the lines in the order they were logged. */
export const createRunLogger = (executionId: string): RunLogger => {
  let chain: Promise<void> = Promise.resolve();
  const logger = ((level: RunLogLevel, message: string) => {
    chain = chain.then(() => appendRunLog(executionId, level, message));
  }) as RunLogger;
  logger.flush = () => chain;
  return logger;
};
