/**
 * A draggable divider between two panes, also movable from the keyboard (arrow keys, 16 px a press) as an
 * ARIA window splitter. The width it sets is remembered by the caller (preferences).
 */
import { useRef } from 'react';

interface Props {
  label: string;
  width: number;
  min: number;
  max: number;
  onResize(width: number): void;
}

export function PaneSplitter({ label, width, min, max, onResize }: Props) {
  const drag = useRef<{ startX: number; startWidth: number } | null>(null);
  const clamp = (value: number) => Math.min(max, Math.max(min, Math.round(value)));
  return (
    <div
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      aria-valuemin={min}
      aria-valuemax={max}
      tabIndex={0}
      className="pane-splitter"
      onPointerDown={(event) => {
        drag.current = { startX: event.clientX, startWidth: width };
        event.currentTarget.setPointerCapture(event.pointerId);
      }}
      onPointerMove={(event) => {
        if (drag.current) onResize(clamp(drag.current.startWidth + event.clientX - drag.current.startX));
      }}
      onPointerUp={() => (drag.current = null)}
      onPointerCancel={() => (drag.current = null)}
      onKeyDown={(event) => {
        const step = event.key === 'ArrowLeft' ? -16 : event.key === 'ArrowRight' ? 16 : 0;
        if (step === 0) return;
        event.preventDefault();
        onResize(clamp(width + step));
      }}
    />
  );
}
