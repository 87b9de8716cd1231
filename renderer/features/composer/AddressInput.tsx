/**
 * To, Cc or Bcc: a text field of comma-separated addresses that suggests people from cached mail for the
 * entry being typed (shared/domain/contacts/rankContacts.ts). An ARIA combobox: ↓/↑ move through the
 * suggestions, Enter or Tab takes one, Esc closes the list; the field stays plain text, so anything can
 * still be typed or pasted, and it is checked the same way either way.
 */
import { useEffect, useId, useState, type KeyboardEvent, type RefObject } from 'react';
import { formatAddressForField, parseAddressList } from '../../../shared/domain/addresses';
import { rankContacts, type Contact } from '../../../shared/domain/contacts/rankContacts';
import { useSession } from '../../state/sessionContext';
import { contactsOf } from './contactBook';

export interface AddressInputProps {
  id: string;
  value: string;
  onChange(value: string): void;
  onBlur(): void;
  inputRef?: RefObject<HTMLInputElement | null>;
  invalid: boolean;
  describedBy?: string;
  placeholder?: string;
}

/** The entry around the caret: from the separator before it to the one after it. */
function entryAt(value: string, caret: number): { start: number; end: number; text: string } {
  const before = Math.max(value.lastIndexOf(',', caret - 1), value.lastIndexOf(';', caret - 1)) + 1;
  const nextComma = value.indexOf(',', caret);
  const nextSemicolon = value.indexOf(';', caret);
  const ends = [nextComma, nextSemicolon].filter((index) => index >= 0);
  const end = ends.length ? Math.min(...ends) : value.length;
  return { start: before, end, text: value.slice(before, end).trim() };
}

export function AddressInput({ id, value, onChange, onBlur, inputRef, invalid, describedBy, placeholder }: AddressInputProps) {
  const session = useSession();
  const listId = useId();
  const [contacts, setContacts] = useState<Contact[] | null>(null);
  const [caret, setCaret] = useState(0);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);

  useEffect(() => {
    if (!open || contacts) return;
    let live = true;
    contactsOf(session.db).then(
      (loaded) => live && setContacts(loaded),
      () => live && setContacts([]),
    );
    return () => {
      live = false;
    };
  }, [open, contacts, session]);

  const entry = entryAt(value, caret);
  const present = parseAddressList(value.slice(0, entry.start) + value.slice(entry.end));
  const suggestions = open && contacts && entry.text ? rankContacts(contacts, entry.text, 8, present.ok ? present.addresses.map((a) => a.address) : []) : [];
  const expanded = suggestions.length > 0;
  const activeIndex = Math.min(active, suggestions.length - 1);

  const pick = (contact: Contact) => {
    const written = formatAddressForField({ name: contact.name, address: contact.address });
    const head = value.slice(0, entry.start);
    const tail = value.slice(entry.end).replace(/^[,;]\s*/, '');
    const next = `${head}${head && !/\s$/.test(head) ? ' ' : ''}${written}, ${tail}`;
    onChange(next);
    const position = next.length - tail.length;
    setCaret(position);
    setOpen(false);
    requestAnimationFrame(() => inputRef?.current?.setSelectionRange(position, position));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (!expanded) {
        if (event.key === 'ArrowDown') setOpen(true);
        return;
      }
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + suggestions.length) % suggestions.length);
    } else if ((event.key === 'Enter' || event.key === 'Tab') && expanded && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      const chosen = suggestions[activeIndex];
      if (!chosen) return;
      event.preventDefault();
      pick(chosen);
    } else if (event.key === 'Escape' && expanded) {
      event.preventDefault();
      event.stopPropagation();
      setOpen(false);
    }
  };

  const optionId = (index: number) => `${listId}-option-${index}`;
  return (
    <div className="address-input">
      <input
        id={id}
        ref={inputRef}
        type="text"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded ? optionId(activeIndex) : undefined}
        autoComplete="off"
        spellCheck={false}
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy}
        placeholder={placeholder}
        onChange={(event) => {
          onChange(event.target.value);
          setCaret(event.target.selectionStart ?? event.target.value.length);
          setActive(0);
          setOpen(true);
        }}
        onSelect={(event) => setCaret(event.currentTarget.selectionStart ?? 0)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          setOpen(false);
          onBlur();
        }}
      />
      <ul id={listId} role="listbox" aria-label="Suggested addresses" className="address-suggestions" hidden={!expanded}>
        {suggestions.map((contact, index) => (
          <li
            key={contact.address}
            id={optionId(index)}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'active' : undefined}
            // mousedown, not click: the field must keep the focus (a blur would close the list first).
            onMouseDown={(event) => {
              event.preventDefault();
              pick(contact);
            }}
          >
            {contact.name ? (
              <>
                <span className="suggestion-name">{contact.name}</span> <span className="muted">{contact.address}</span>
              </>
            ) : (
              <span className="suggestion-name">{contact.address}</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
