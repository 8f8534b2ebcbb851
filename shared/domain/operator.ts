import { z } from 'zod';

export const Role = z.enum(['operator', 'supervisor', 'trainer', 'admin']);
export type Role = z.infer<typeof Role>;

export const Operator = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
});
export type Operator = z.infer<typeof Operator>;

export const Credentials = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type Credentials = z.infer<typeof Credentials>;
