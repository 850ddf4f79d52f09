import { type RefObject, useEffect, useRef } from 'react';

/**
 * Puts the keyboard on the field marked `data-autofocus` inside `container` once it is drawn, and
 * again whenever `drawnWith` changes (a field that appears after data loads, or after the person
 * switches a form's mode), so a dialog never opens on its close button. Focus the person moved to
 * another field, or a field they have typed in, stays where it is.
 */
export function useAutofocus(container: RefObject<HTMLElement | null>, drawnWith: string | boolean) {
  const placed = useRef<HTMLElement | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: drawnWith is what redraws the field
  useEffect(() => {
    const root = container.current;
    if (!root) return;
    const active = document.activeElement;
    const isField =
      active instanceof HTMLInputElement ||
      active instanceof HTMLTextAreaElement ||
      active instanceof HTMLSelectElement;
    const movedByPerson = isField && root.contains(active) && active !== placed.current;
    const typedIn = isField && active === placed.current && active.value !== '';
    if (movedByPerson || typedIn) return;
    const target = root.querySelector<HTMLElement>('[data-autofocus]');
    if (!target) return;
    target.focus();
    placed.current = target;
  }, [container, drawnWith]);
}
