/** Users API. Session auth now; API keys join through the same wrapper. */
import { withRoute } from "@/server/http/route";
import { createUser } from "@/server/services/users/create-user";
import { listUsers } from "@/server/services/users/list-users";
import { ZUserResponse, ZUsersResponse } from "@/server/services/users/users.responses";
import { ZCreateUser } from "@/server/services/users/users.schema";

// GET /api/v1/users - list users (users:read)
export const GET = withRoute({
  name: "users.list",
  access: "users:read",
  summary: "List users",
  responses: { 200: { description: "Every user, oldest first", schema: ZUsersResponse } },
  handler: async () => ({ users: await listUsers() }),
});

// POST /api/v1/users - create a user (users:write)
export const POST = withRoute({
  name: "users.create",
  access: "users:write",
  summary: "Create a user",
  responses: { 201: { description: "The new user", schema: ZUserResponse }, 409: { description: "A user with that email exists" } },
  body: ZCreateUser,
  handler: async ({ body, actor }) => ({ user: await createUser({ data: body, actor }) }),
});
