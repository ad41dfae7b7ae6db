import pkg from "../../package.json";

export const BUNKER_VERSION: string = pkg.version;
