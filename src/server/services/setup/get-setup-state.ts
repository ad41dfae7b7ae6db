import { db } from "@/server/db";

/** Setup is open only while no user exists. */
export const isSetupComplete = async (): Promise<boolean> => (await db.user.count()) > 0;
