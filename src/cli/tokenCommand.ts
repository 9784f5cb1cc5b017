import { authSettingsOf } from '../auth/authSettingsOf';
import { issueToken } from '../auth/issueToken';
import { ROLES, type Role } from '../auth/roles';
import { ConfigError, loadConfig } from '../config/loadConfig';
import { DURATION, parseDuration } from '../util/parseDuration';
import { CliError, EXIT } from './cliError';
import type { Command, CommandContext, ParsedArgs } from './command';
import { invalid, stringOption } from './options';

/** `pairing-graph token --role planner`: a bearer token signed with the service's shared secret, for local use (签发令牌). */
export const tokenCommand: Command = {
  name: 'token',
  summary: { zh: '签发本地使用的访问令牌（JWT，角色 viewer、planner 或 admin）', en: 'Issue a bearer token (JWT) for local use, with the role viewer, planner or admin' },
  usage: '--role viewer|planner|admin [--sub NAME] [--expires 8h]',
  description: {
    zh: '用 AUTH_JWT_SECRET 签名（HS256）；未设置时（开发环境）用 AUTH_DEV_SECRET_FILE 中的开发密钥，与 npm start 相同。\n令牌写到标准输出；请求时放在 Authorization: Bearer <令牌> 中，命令行工具从 PAIRING_GRAPH_TOKEN 读取。\n使用 AUTH_JWKS_URL 时令牌由身份提供方签发，本命令不适用。',
    en: 'Signs with AUTH_JWT_SECRET (HS256); without it (development), with the development secret in AUTH_DEV_SECRET_FILE, as npm start does.\nThe token goes to standard output; send it as Authorization: Bearer <token>; the command line reads PAIRING_GRAPH_TOKEN.\nWith AUTH_JWKS_URL your identity provider issues tokens and this command does not apply.',
  },
  options: {
    role: { type: 'string', value: 'ROLE', description: { zh: '角色：viewer（只读）、planner（可修改、可看联系方式）、admin（可删除、可看审计记录）', en: 'role: viewer (reads), planner (also changes data, sees contact details), admin (also removes data, reads the audit trail)' } },
    sub: { type: 'string', value: 'NAME', description: { zh: '令牌的主体（记入审计记录的操作人）；默认为登录名', en: "the token's subject (the actor in the audit trail); the login name by default" } },
    expires: { type: 'string', value: 'TIME', description: { zh: '有效期，如 30m、8h、1d；默认 8h，最长 AUTH_MAX_TOKEN_LIFETIME（默认 24h）', en: 'lifetime such as 30m, 8h or 1d; 8h by default, at most AUTH_MAX_TOKEN_LIFETIME (24h by default)' } },
  },
  examples: ['pairing-graph token --role planner --sub 张三', 'export PAIRING_GRAPH_TOKEN=$(pairing-graph token --role admin --expires 1h)'],
  async run(ctx: CommandContext, args: ParsedArgs) {
    const { t, lang } = ctx;
    const roleText = stringOption(args, 'role');
    if (roleText === undefined) throw new CliError(EXIT.USAGE, t.missingValue('--role'));
    const role = roleText.trim().toLowerCase() as Role;
    if (!ROLES.includes(role)) throw invalid(t, 'role', roleText, t.expectOneOf(ROLES));
    const expires = (stringOption(args, 'expires') ?? '8h').trim();
    if (!DURATION.test(expires)) throw invalid(t, 'expires', expires, lang === 'zh' ? '如 30m、8h、7d' : 'such as 30m, 8h or 7d');
    const subject = (stringOption(args, 'sub') ?? ctx.env.PAIRING_GRAPH_USER ?? ctx.env.USER ?? 'local').trim();
    if (!subject) throw new CliError(EXIT.USAGE, t.missingValue('--sub'));
    let settings;
    let config;
    try {
      config = loadConfig(ctx.env);
      settings = authSettingsOf(config);
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(EXIT.USAGE, err.message);
      throw err;
    }
    if (parseDuration(expires) > parseDuration(config.AUTH_MAX_TOKEN_LIFETIME)) {
      const max = config.AUTH_MAX_TOKEN_LIFETIME;
      throw invalid(
        t,
        'expires',
        expires,
        lang === 'zh' ? `不得超过 ${max}（AUTH_MAX_TOKEN_LIFETIME，服务拒绝更长的令牌）` : `at most ${max} (AUTH_MAX_TOKEN_LIFETIME: the service refuses longer tokens)`,
      );
    }
    if (!settings.secret) {
      throw new CliError(
        EXIT.USAGE,
        lang === 'zh' ? '未设置 AUTH_JWT_SECRET（使用 AUTH_JWKS_URL 时令牌由身份提供方签发）' : 'AUTH_JWT_SECRET is not set (with AUTH_JWKS_URL, your identity provider issues tokens)',
      );
    }
    const token = await issueToken(settings.secret, { subject, role, expiresIn: expires, issuer: settings.issuer, audience: settings.audience });
    ctx.out(`${token}\n`);
  },
};
