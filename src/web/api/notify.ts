import { notifications } from '@mantine/notifications';
import { ApiError } from './client.ts';

/** The toast's close button has a name (axe: button-name). */
const closeButtonProps = { 'aria-label': 'Dismiss' };

/** A toast with the API's own message, so people read what the server said. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? 'Could not reach the server; check your connection and try again.'
        : String(error);
  // An alert is read out at once; the toasts sit in a live region (see main.tsx) as well.
  notifications.show({ color: 'red', title, message, autoClose: 8000, role: 'alert', closeButtonProps });
}

export function notifySuccess(message: string, title?: string): void {
  // A status is read out when the screen reader is next idle, without interrupting.
  notifications.show({
    color: 'green',
    message,
    autoClose: 3000,
    role: 'status',
    closeButtonProps,
    ...(title && { title }),
  });
}
