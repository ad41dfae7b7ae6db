import { db } from "@/server/db";
import { USER_DTO_SELECT, type UserDto } from "./user-dto";

export const listUsers = async (): Promise<UserDto[]> =>
  db.user.findMany({ select: USER_DTO_SELECT, orderBy: [{ createdAt: "asc" }] });
