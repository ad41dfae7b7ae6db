import type { Metadata } from "next";
import { AdapterFormPage } from "../../../_adapters/adapter-form-page";
import { createNotifierAction, testNotifierAction, updateNotifierAction } from "../../actions";

export const metadata: Metadata = { title: "New notifier" };

export default async function NewNotifierPage({ params }: { params: Promise<{ adapterId: string }> }) {
  const { adapterId } = await params;
  return <AdapterFormPage kind="notifier" adapterId={adapterId} actions={{ create: createNotifierAction, update: updateNotifierAction, test: testNotifierAction }} />;
}
