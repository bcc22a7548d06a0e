'use client';

import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { TenantList, TenantOption } from '@/lib/tenants/tenant-filter';

/** Typing pauses this long before the picker asks the server, so a word costs one request. */
const TYPING_PAUSE_MS = 200;

type Search =
  { state: 'idle' } | { state: 'loading' } | { state: 'done'; text: string; more: boolean } | { state: 'failed' };

/**
 * The tenant filter when there are too many tenants for a select: a combobox (WAI-ARIA's list
 * autocomplete with automatic selection) that asks /api/tenant-options for the tenants whose name,
 * domain or tenant ID matches what is typed. The choice travels as the form's `tenant` field, as
 * the select's did, and counts only once picked: leaving the box reverts what was typed (an
 * emptied box means all tenants). Without script it still sends the chosen tenant.
 */
export function TenantPicker({
  id,
  list,
  chosen: initial,
}: {
  id: string;
  list: TenantList;
  chosen: TenantOption | null;
}) {
  const [chosen, setChosen] = useState(initial);
  const [text, setText] = useState(initial?.displayName ?? '');
  const [open, setOpen] = useState(false);
  const [matches, setMatches] = useState<TenantOption[]>([]);
  const [active, setActive] = useState(-1);
  const [search, setSearch] = useState<Search>({ state: 'idle' });
  const pause = useRef<ReturnType<typeof setTimeout>>(undefined);
  const request = useRef<AbortController>(undefined);
  const input = useRef<HTMLInputElement>(null);
  const listboxId = `${id}-listbox`;
  const labelId = `${id}-label`;
  const optionId = (index: number) => `${id}-option-${index}`;

  useEffect(
    () => () => {
      clearTimeout(pause.current);
      request.current?.abort();
    },
    [],
  );
  useEffect(() => {
    if (active >= 0) document.getElementById(`${id}-option-${active}`)?.scrollIntoView({ block: 'nearest' });
  }, [active, id]);

  const stop = () => {
    clearTimeout(pause.current);
    request.current?.abort();
  };

  const load = async (value: string) => {
    const controller = new AbortController();
    request.current = controller;
    try {
      const params = new URLSearchParams({ list, q: value.trim() });
      const response = await fetch(`/api/tenant-options?${params.toString()}`, {
        signal: controller.signal,
        cache: 'no-store',
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const found = (await response.json()) as { tenants: TenantOption[]; more: boolean };
      setMatches(found.tenants);
      setActive(found.tenants.length > 0 ? 0 : -1);
      setSearch({ state: 'done', text: value.trim(), more: found.more });
    } catch {
      // Aborted: a newer search or a close took over. Otherwise offline or signed out.
      if (!controller.signal.aborted) setSearch({ state: 'failed' });
    }
  };

  const find = (value: string) => {
    stop();
    setOpen(true);
    setMatches([]);
    setActive(-1);
    setSearch({ state: 'loading' });
    pause.current = setTimeout(() => void load(value), TYPING_PAUSE_MS);
  };

  // Text typed before the page finished loading went in before React listened: search it now
  // rather than leave the person looking at their words and no list.
  useEffect(() => {
    const early = input.current?.value ?? '';
    if (early !== text) {
      setText(early);
      find(early);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once, at hydration
  }, []);

  const close = () => {
    stop();
    setOpen(false);
    setMatches([]);
    setActive(-1);
    setSearch({ state: 'idle' });
  };

  const choose = (tenant: TenantOption | null) => {
    setChosen(tenant);
    setText(tenant?.displayName ?? '');
    close();
  };

  const revert = () => {
    if (text.trim() === '') return choose(null);
    setText(chosen?.displayName ?? '');
    close();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (!open) find(text);
      else if (matches.length > 0) setActive((active + 1) % matches.length);
    } else if (event.key === 'ArrowUp' && open && matches.length > 0) {
      event.preventDefault();
      setActive(active <= 0 ? matches.length - 1 : active - 1);
    } else if (event.key === 'Enter' && open) {
      // Closed, Enter submits the filter form as in any of its fields.
      event.preventDefault();
      const tenant = matches[active];
      if (tenant) choose(tenant);
      else if (search.state !== 'loading') revert();
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      setText(chosen?.displayName ?? '');
      close();
    }
  };

  const message = !open
    ? ''
    : search.state === 'loading'
      ? 'Searching…'
      : search.state === 'failed'
        ? 'Could not search the tenants: try again.'
        : search.state === 'done' && matches.length === 0
          ? search.text
            ? `No tenant matches “${search.text}”.`
            : 'No tenants to choose from.'
          : search.state === 'done' && search.more
            ? `The first ${matches.length} matches: type more to narrow.`
            : `${matches.length} ${matches.length === 1 ? 'tenant matches' : 'tenants match'}.`;
  const expanded = open && matches.length > 0;

  return (
    <div className="relative w-full sm:w-64">
      <label id={labelId} htmlFor={id} className="block font-medium">
        Tenant
      </label>
      <div className="relative mt-1">
        <input
          ref={input}
          id={id}
          type="text"
          role="combobox"
          aria-expanded={expanded}
          aria-controls={listboxId}
          aria-autocomplete="list"
          aria-activedescendant={expanded && active >= 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          value={text}
          placeholder="All tenants: type to search"
          onChange={(event) => {
            setText(event.target.value);
            find(event.target.value);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => {
            if (open || text !== (chosen?.displayName ?? '')) revert();
          }}
          className="w-full rounded-md border border-slate-300 bg-white py-2 pr-9 pl-3"
        />
        {chosen ? (
          <button
            type="button"
            aria-label={`Clear the tenant (${chosen.displayName}): all tenants`}
            onClick={() => {
              choose(null);
              input.current?.focus();
            }}
            className="absolute inset-y-0 right-0 rounded-r-md px-3 text-lg leading-none text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          >
            <span aria-hidden="true">×</span>
          </button>
        ) : null}
      </div>
      <input type="hidden" name="tenant" value={chosen?.id ?? ''} />
      {/* Kept in the page when closed (not display:none) so that the status below is announced. */}
      <div
        className={
          open ? 'absolute inset-x-0 z-20 mt-1 rounded-md border border-slate-300 bg-white shadow-lg' : 'sr-only'
        }
      >
        <ul
          id={listboxId}
          role="listbox"
          aria-labelledby={labelId}
          hidden={!expanded}
          className="max-h-64 overflow-y-auto py-1"
        >
          {matches.map((tenant, index) => (
            <li
              key={tenant.id}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              // Keeps the focus in the box, whose blur would otherwise close the list first.
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(tenant)}
              className={`cursor-pointer px-3 py-1.5 wrap-anywhere ${index === active ? 'bg-brand-700 text-white' : 'hover:bg-slate-100'}`}
            >
              {tenant.displayName}
            </li>
          ))}
        </ul>
        <p role="status" className="px-3 py-2 text-slate-700 empty:p-0">
          {message}
        </p>
      </div>
    </div>
  );
}
