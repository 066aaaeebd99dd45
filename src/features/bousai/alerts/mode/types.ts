// The shapes of disaster mode: the mode, a switch between menu sets and its progress.
import type { MenuMode } from '../../../../line/richmenu/mode.ts';

export type SwitchStatus = 'pending' | 'running' | 'done' | 'superseded';
export type SwitchPhase = 'menus' | 'default' | 'users' | 'done';
export type SwitchSource = 'staff' | 'jma';

export interface ModeSwitch {
  id: string;
  target: MenuMode;
  status: SwitchStatus;
  phase: SwitchPhase;
  cursorGroup: number;
  cursorUser: string;
  usersTotal: number | null;
  usersDone: number;
  linkRequests: number;
  source: SwitchSource;
  reason: string | null;
  requestedBy: string | null;
  requestedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  attempts: number;
  lastError: string | null;
}

export interface ModeState {
  mode: MenuMode;
  disasterId: string | null;
  changedAt: Date;
  /** The open switch, or the last one when none is open. */
  latest: ModeSwitch | null;
}

export interface SwitchRequest {
  target: MenuMode;
  source: SwitchSource;
  reason?: string | null | undefined;
  requestedBy?: string | null | undefined;
  /** Entering: the title of the disaster opened when none is open. */
  disasterTitle?: string | undefined;
  /** Leaving: also close the open disaster (安否 reports are deleted a set time after). */
  closeDisaster?: boolean | undefined;
  now: Date;
}

export interface SwitchRequested {
  /** False when the account already is (or is already switching) to the target: nothing new was started. */
  changed: boolean;
  switchId: string | null;
  disasterId: string | null;
}
