import { describe, expect, it } from 'vitest';
import type { Session } from '../api/types';
import { isChanging, isEnded, mergeSession, splitByOwner } from './sessionList';

const session = (id: string, over: Partial<Session> = {}): Session => ({
  id, owner: 'm-1', profile: 'python', size: 'small', state: 'pending', reason: null, progress: 0, message: '',
  notebookUrl: null, createdAt: '2026-11-03T09:00:00+09:00', readyAt: null, endedAt: null, datasets: [], ...over,
});

describe('session list', () => {
  it('replaces a session by id and keeps newest first', () => {
    const list = [session('a', { createdAt: '2026-11-03T09:00:00+09:00' }), session('b', { createdAt: '2026-11-03T10:00:00+09:00' })];
    const merged = mergeSession(list, session('a', { state: 'running', progress: 100, createdAt: '2026-11-03T09:00:00+09:00' }));
    expect(merged.map(s => s.id)).toEqual(['b', 'a']);
    expect(merged[1].state).toBe('running');
  });

  it('adds a session it did not know', () => {
    expect(mergeSession([], session('new')).map(s => s.id)).toEqual(['new']);
  });

  it('never takes an ended session back to life from a late update', () => {
    const merged = mergeSession([session('a', { state: 'stopped' })], session('a', { state: 'running' }));
    expect(merged[0].state).toBe('stopped');
  });

  it('tells own sessions from shared ones', () => {
    const { own, shared } = splitByOwner([session('a'), session('b', { owner: 'm-2' })], 'm-1');
    expect(own.map(s => s.id)).toEqual(['a']);
    expect(shared.map(s => s.id)).toEqual(['b']);
  });

  it('knows which states end and which change by themselves', () => {
    expect(isEnded('stopped') && isEnded('failed')).toBe(true);
    expect(isEnded('running')).toBe(false);
    expect(isChanging('provisioning') && isChanging('stopping')).toBe(true);
    expect(isChanging('running')).toBe(false);
  });
});
