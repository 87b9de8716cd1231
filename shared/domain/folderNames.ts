/**
 * Folder names as the server will store them, worked out the same way in main (against the live LIST) and in
 * the renderer (against the cached one, offline), so a folder created offline has the path the server gives it.
 */
import { TernError } from '../contract/errors';

/** The name as it will be stored (trimmed), or an INVALID_INPUT error saying why it cannot be. */
export function checkFolderName(name: string, delimiter: string): string {
  const trimmed = name.trim();
  if (!trimmed) throw new TernError('INVALID_INPUT', 'A folder needs a name.');
  if (trimmed.includes(delimiter)) throw new TernError('INVALID_INPUT', `A folder name cannot contain “${delimiter}” on this server (it separates folder levels).`);
  if (/[\0\r\n*%]/.test(trimmed) || trimmed.length > 200) throw new TernError('INVALID_INPUT', 'That folder name has characters the server cannot store.');
  return trimmed;
}

/** The full path of `name` under `parentPath` (null: the top level), joined with the server's delimiter. */
export function folderPath(parentPath: string | null, name: string, delimiter: string): string {
  const checked = checkFolderName(name, delimiter);
  return parentPath === null ? checked : `${parentPath}${delimiter}${checked}`;
}

/** Whether `path` is `folder` itself or lies inside it. */
export function isWithinFolder(path: string, folder: string, delimiter: string | null): boolean {
  return path === folder || (delimiter !== null && delimiter !== '' && path.startsWith(folder + delimiter));
}
