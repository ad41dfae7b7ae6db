import { db } from "@/server/db";
import { JOB_INCLUDE, type JobDto, toJobDto } from "./job-dto";

export const getJob = async (id: string): Promise<JobDto | null> => {
  const row = await db.job.findUnique({ where: { id }, include: JOB_INCLUDE });
  return row ? toJobDto(row) : null;
};
