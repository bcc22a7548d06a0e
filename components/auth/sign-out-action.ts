'use server';

import { redirect } from 'next/navigation';
import { signOutStaff } from '@/lib/auth/sign-out-staff';

export type SignOutState = { error: string | null };

export async function signOutAction(): Promise<SignOutState> {
  const { ok } = await signOutStaff();
  if (!ok) return { error: 'Sign-out failed: your session is still active. Try again in a moment.' };
  redirect('/signin?error=SignedOut');
}
