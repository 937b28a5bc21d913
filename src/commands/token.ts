import { Command } from 'commander';
import type { Context } from '../context.js';
import { UsageError } from '../core/errors.js';
import { parseScope, parseTokenName, type Scope } from '../core/token.js';
import { renderTokens } from '../output/tokens.js';
import { type FormatFlags, parseFormat } from './options.js';

export type TokenOptions =
  | { action: 'create'; name: string; scope: Scope }
  | { action: 'list'; json: boolean }
  | { action: 'revoke'; name: string };

export function tokenCommand(): Command {
  return new Command('token')
    .description("a server's tokens: create (shown once), list, revoke")
    .argument('<create|list|revoke>', 'what to do')
    .argument('[name]', 'the token to revoke')
    .option('--name <label>', "the new token's name (create): shown in logs and in the events it records")
    .option('--scope <scope>', 'read, write (record only) or admin (create)')
    .option('--format <format>', 'list: table or json')
    .option('--json', 'same as --format json')
    .addHelpText(
      'after',
      `
On a store file (or PostgreSQL), or through a server with an admin token:
  activity token create --name ci-deploy --scope write
  activity token list
  activity token revoke ci-deploy`,
    );
}

export function parseTokenOptions(
  action: string,
  name: string | undefined,
  flags: FormatFlags & { name?: string; scope?: string },
): TokenOptions {
  if (action === 'create') {
    if (flags.name === undefined || flags.scope === undefined) {
      throw new UsageError(
        'token create needs --name and --scope',
        'e.g. activity token create --name ci --scope write',
      );
    }
    return { action, name: parseTokenName(flags.name), scope: parseScope(flags.scope) };
  }
  if (action === 'list') {
    return { action, json: parseFormat(flags, { formats: ['table', 'json'], command: 'token list' }) === 'json' };
  }
  if (action === 'revoke') {
    const given = name ?? flags.name;
    if (given === undefined) throw new UsageError('token revoke needs the name of a token', 'see activity token list');
    return { action, name: parseTokenName(given) };
  }
  throw new UsageError(`unknown token action "${action}"`, 'use create, list or revoke');
}

export async function runToken(ctx: Context, options: TokenOptions): Promise<void> {
  const store = await ctx.store(options.action === 'list' ? 'existing' : 'write');
  if (options.action === 'create') {
    const made = await store.tokens.create(options.name, options.scope);
    await ctx.out.write(`${made.token}\n`);
    ctx.out.message(
      `token "${made.info.name}" (${made.info.scope}) created; it is shown only this once: keep it in a secret store`,
    );
  } else if (options.action === 'revoke') {
    await store.tokens.revoke(options.name);
    ctx.out.message(`token "${options.name}" revoked: it is refused from the next request on`);
  } else {
    const tokens = await store.tokens.list();
    await ctx.out.write(renderTokens(tokens, options.json, ctx.out.chalk));
  }
  await ctx.out.flush();
}
