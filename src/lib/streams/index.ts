export { AbortError, abortErrorFrom, isAbortError } from "./abort-error";
export { ByteMeter, createByteMeter, type ByteMeterOptions } from "./byte-meter";
export { fanOut, type FanOutOptions, type FanOutOutcome, type FanOutResult, type FanOutSink } from "./fan-out";
export { HashTap, createHashTap } from "./hash-tap";
