import { db } from "@/server/db";
import { type GroupDto, toGroupDto } from "./group-dto";

export const listGroups = async (): Promise<GroupDto[]> => {
  const groups = await db.group.findMany({ include: { _count: { select: { users: true } } }, orderBy: [{ isSystem: "desc" }, { createdAt: "asc" }] });
  return groups.map(toGroupDto);
};
