import type { Metadata } from "next";
import { AdapterFormPage } from "../../_adapters/adapter-form-page";
import { createNotifierAction, testNotifierAction, updateNotifierAction } from "../actions";

export const metadata: Metadata = { title: "Edit notifier" };

export default async function EditNotifierPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AdapterFormPage kind="notifier" id={id} actions={{ create: createNotifierAction, update: updateNotifierAction, test: testNotifierAction }} />;
}
