import type { Metadata } from "next";
import { AdapterFormPage } from "../../_adapters/adapter-form-page";
import { createSourceAction, testSourceAction, updateSourceAction } from "../actions";

export const metadata: Metadata = { title: "Edit source" };

export default async function EditSourcePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AdapterFormPage kind="source" id={id} actions={{ create: createSourceAction, update: updateSourceAction, test: testSourceAction }} />;
}
