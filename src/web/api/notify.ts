import { notifications } from '@mantine/notifications';
import { ApiError } from './client.ts';

/** A toast with the API's own message, so people read what the server said. */
export function notifyError(error: unknown, title = 'That did not work'): void {
  const message =
    error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? 'Could not reach the server; check your connection and try again.'
        : String(error);
  notifications.show({ color: 'red', title, message, autoClose: 8000 });
}

export function notifySuccess(message: string, title?: string): void {
  notifications.show({ color: 'green', message, autoClose: 3000, ...(title && { title }) });
}
