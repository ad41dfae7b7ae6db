/**
 * Step 3 (per database): one writer per destination for the data object. A destination that cannot be
 * opened (unreachable, wrong path) fails for this database only; the others go on.
 */
import type { AdapterContext, ArtifactWriter } from "@/adapters/types";
import { type OpenedDestination, type RunContext, describeDestination, errorMessage } from "../run-context";

export type OpenWriter = { destination: OpenedDestination; writer: ArtifactWriter };
export type FailedOpen = { destination: OpenedDestination; error: string };

export const openWriters = async (run: RunContext, key: string, ctx: AdapterContext): Promise<{ opened: OpenWriter[]; failed: FailedOpen[] }> => {
  const results = await Promise.allSettled(run.destinations.map((d) => d.adapter.openWriter(d.config, key, ctx)));
  const opened: OpenWriter[] = [];
  const failed: FailedOpen[] = [];
  results.forEach((r, i) => {
    const destination = run.destinations[i] as OpenedDestination;
    if (r.status === "fulfilled") {
      // Errors are read through fanOut and commit(); an early one must never go unhandled.
      r.value.stream.on("error", () => undefined);
      opened.push({ destination, writer: r.value });
    } else {
      const error = errorMessage(r.reason);
      failed.push({ destination, error });
      run.log("error", `could not open ${describeDestination(destination)} for ${key}: ${error}`);
    }
  });
  return { opened, failed };
};

/** Aborts writers, whatever state they are in; never throws. */
export const abortWriters = async (run: RunContext, writers: readonly OpenWriter[], reason?: unknown): Promise<void> => {
  await Promise.all(
    writers.map(({ destination, writer }) =>
      writer.abort(reason).catch((e: unknown) => run.log("warn", `could not clean up the partial upload on ${describeDestination(destination)}: ${errorMessage(e)}`)),
    ),
  );
};
