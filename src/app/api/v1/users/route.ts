/** Users API. Session auth now; API keys join through the same wrapper. */
import { withRoute } from "@/server/http/route";
import { createUser } from "@/server/services/users/create-user";
import { listUsers } from "@/server/services/users/list-users";
import { ZCreateUser } from "@/server/services/users/users.schema";

// GET /api/v1/users - list users (users:read)
export const GET = withRoute({
  name: "users.list",
  access: "users:read",
  summary: "List users",
  handler: async () => ({ users: await listUsers() }),
});

// POST /api/v1/users - create a user (users:write)
export const POST = withRoute({
  name: "users.create",
  access: "users:write",
  summary: "Create a user",
  body: ZCreateUser,
  handler: async ({ body, actor }) => ({ user: await createUser({ data: body, actor }) }),
});
