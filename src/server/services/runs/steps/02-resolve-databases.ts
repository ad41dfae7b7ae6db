/**
 * Step 2: which databases this run backs up, and the source's server version for the log.
 * {mode:"all"} asks the source; {mode:"pick"} takes the names as they are (a bad or missing name then
 * fails that database alone, with the tool's message).
 */
import { parseDatabasesStrict } from "../../jobs/jobs.schema";
import { withAdapterContext } from "../../adapters/with-adapter-context";
import { type RunContext, errorMessage } from "../run-context";
import { RunSetupError } from "./01-open-adapters";

export const resolveDatabases = async (run: RunContext): Promise<string[]> => {
  const { source, signal, log } = run;
  const selection = parseDatabasesStrict(run.job.databases);
  if (!selection) throw new RunSetupError("the job's database selection is invalid: edit the job and pick the databases again");
  return withAdapterContext(async (base) => {
    const ctx = { ...base, log };
    let version: string;
    try {
      version = await source.adapter.serverVersion(source.config, ctx);
    } catch (e) {
      throw new RunSetupError(`source ${source.name}: ${errorMessage(e)}`);
    }
    log("info", `source ${source.name}: ${version}`);
    if (selection.mode === "pick") return [...new Set(selection.names)];
    let names: string[];
    try {
      names = await source.adapter.listDatabases(source.config, ctx);
    } catch (e) {
      throw new RunSetupError(`could not list the databases of ${source.name}: ${errorMessage(e)}`);
    }
    if (names.length === 0) throw new RunSetupError(`${source.name} has no database to back up`);
    log("info", `${names.length} ${names.length === 1 ? "database" : "databases"} on ${source.name}: ${names.join(", ")}`);
    return names;
  }, signal);
};
