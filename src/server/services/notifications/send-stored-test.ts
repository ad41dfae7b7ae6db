import type { ConnectionTest } from "@/adapters/types";
import { AppError } from "@/server/errors";
import { getAdapterConfig } from "../adapters/list-adapter-configs";
import { sendTestNotification } from "./send-test-notification";

/** *Send test* from the list: the saved settings as they are. */
export const sendStoredTestNotification = async ({ id }: { id: string }): Promise<ConnectionTest> => {
  const dto = await getAdapterConfig("notifier", id);
  if (!dto) throw new AppError("NOT_FOUND", "That notifier does not exist.");
  return sendTestNotification({ data: { id, adapterId: dto.adapterId, config: dto.values, clearSecrets: [] } });
};
