import type { Metadata } from "next";
import { AdapterFormPage } from "../../_adapters/adapter-form-page";
import { createDestinationAction, testDestinationAction, updateDestinationAction } from "../actions";

export const metadata: Metadata = { title: "Edit destination" };

export default async function EditDestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AdapterFormPage kind="destination" id={id} actions={{ create: createDestinationAction, update: updateDestinationAction, test: testDestinationAction }} />;
}
