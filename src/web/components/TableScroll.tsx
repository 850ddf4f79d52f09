import { Table } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A table wider than the screen scrolls sideways in its own box. While it does, the box is a named
 * region the keyboard reaches (Tab, then the arrow keys scroll it: WCAG 2.1.1, axe's
 * scrollable-region-focusable); when the whole table fits, it is no extra Tab stop.
 */
export function TableScroll({
  label,
  minWidth,
  children,
}: {
  /** The table's own name, which the region takes. */
  label: string;
  minWidth: number;
  children: ReactNode;
}) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <Table.ScrollContainer
      ref={box}
      minWidth={minWidth}
      type="native"
      {...(scrolls && { tabIndex: 0, role: 'region', 'aria-label': label })}
    >
      {children}
    </Table.ScrollContainer>
  );
}
