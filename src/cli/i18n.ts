/** The languages of the command line: Chinese first, English with `--lang en` or PAIRING_GRAPH_LANG=en. */
export type Lang = 'zh' | 'en';

/** A text in both languages. */
export interface Localized {
  zh: string;
  en: string;
}

/** Returns the language a `--lang` value or PAIRING_GRAPH_LANG names (`zh`, `zh-CN`, `en`, `en_US`, …), or null. */
export function parseLang(value: string | undefined): Lang | null {
  const v = value?.trim().toLowerCase() ?? '';
  if (/^(zh|cn|chinese|中文)([-_.].*)?$/.test(v)) return 'zh';
  if (/^(en|english)([-_.].*)?$/.test(v)) return 'en';
  return null;
}

/** The messages of the command line, in one language. */
export interface Messages {
  yes: string;
  no: string;
  listSeparator: string;
  usage: string;
  commands: string;
  options: string;
  commonOptions: string;
  examples: string;
  exitCodes: string;
  environment: string;
  arguments: string;
  description: string;
  helpTitle: string;
  helpMore: (bin: string) => string;
  optUrl: (defaultUrl: string) => string;
  optLang: string;
  optHelp: string;
  optVersion: string;
  envUrl: string;
  envLang: string;
  envToken: string;
  exitCodeLines: readonly string[];
  // usage errors (exit 2)
  unknownCommand: (name: string, known: string) => string;
  missingCommand: string;
  unknownOption: (option: string) => string;
  missingValue: (option: string) => string;
  unexpectedArgument: (arg: string) => string;
  missingOption: (option: string) => string;
  missingArgument: (name: string) => string;
  invalidValue: (option: string, value: string, expected: string) => string;
  seeHelp: (command: string) => string;
  // what an option expects
  expectCounty: string;
  expectRegion: string;
  expectLevel: string;
  regionOrCounty: string;
  missingRegion: string;
  expectTownship: string;
  expectDate: string;
  expectOneOf: (values: readonly string[]) => string;
  expectIntRange: (min: number, max: number) => string;
  expectKinds: (values: readonly string[]) => string;
  expectUrl: string;
  expectLang: string;
  // service errors
  unreachable: (url: string, detail: string) => string;
  notGraphql: (url: string, status: number) => string;
  notFound: (message: string) => string;
  rejected: (message: string) => string;
  denied: (message: string) => string;
  serverError: (message: string) => string;
  unexpected: (message: string) => string;
}

const EXIT_CODES_ZH = [
  '0  成功',
  '1  其他错误（服务内部错误、意外的响应等）',
  '2  用法错误：未知命令或选项，缺少参数或参数格式不对',
  '3  无法连接服务（请先在项目目录运行 npm start）；import、export --format csv|xlsx 为无法连接 Neo4j',
  '4  未找到：服务报告 NOT_FOUND（如区域、县、乡镇或单位不存在）',
  '5  输入被拒绝：服务报告 BAD_USER_INPUT（会显示服务的说明）；import 为名册有错误（列出每个问题，未写入任何数据）',
  '6  无权访问：服务报告 UNAUTHENTICATED 或 FORBIDDEN（请用 PAIRING_GRAPH_TOKEN 提供有相应角色的令牌）',
] as const;

const EXIT_CODES_EN = [
  '0  success',
  '1  anything else (internal server error, unexpected response, …)',
  '2  usage error: unknown command or option, missing or malformed argument',
  '3  service unreachable (run `npm start` in the project folder first); for import and export --format csv|xlsx: Neo4j unreachable',
  '4  not found: the service answered NOT_FOUND (unknown region, county, township or unit)',
  '5  input rejected: the service answered BAD_USER_INPUT (its message is shown); for import: the rosters have problems (each listed, nothing written)',
  '6  not allowed: the service answered UNAUTHENTICATED or FORBIDDEN (give a token of the right role in PAIRING_GRAPH_TOKEN)',
] as const;

const zh: Messages = {
  yes: '是',
  no: '否',
  listSeparator: '、',
  usage: '用法',
  commands: '命令',
  options: '选项',
  commonOptions: '通用选项',
  examples: '示例',
  exitCodes: '退出码',
  environment: '环境变量',
  arguments: '参数',
  description: '说明',
  helpTitle: 'pairing-graph：结对关系图谱的命令行工具，供规划人员查询未结对村、结对覆盖和推荐结对方。通过 HTTP 访问正在运行的 GraphQL 服务（npm start）。',
  helpMore: (bin) => `运行 ${bin} <命令> --help 查看各命令的用法。`,
  optUrl: (defaultUrl) => `GraphQL 服务地址；默认取环境变量 PAIRING_GRAPH_URL，否则 ${defaultUrl}（只写主机和端口时自动补 /graphql）`,
  optLang: '界面语言：zh（中文，默认）或 en（英文）；也可设环境变量 PAIRING_GRAPH_LANG',
  optHelp: '显示帮助',
  optVersion: '显示版本号',
  envUrl: 'PAIRING_GRAPH_URL   默认的服务地址',
  envLang: 'PAIRING_GRAPH_LANG  默认的界面语言（zh 或 en）',
  envToken: 'PAIRING_GRAPH_TOKEN 访问令牌（pairing-graph token 签发），服务要求令牌时使用',
  exitCodeLines: EXIT_CODES_ZH,
  unknownCommand: (name, known) => `未知命令 "${name}"；可用的命令：${known}`,
  missingCommand: '缺少命令',
  unknownOption: (option) => `未知选项 ${option}`,
  missingValue: (option) => `选项 ${option} 缺少取值`,
  unexpectedArgument: (arg) => `多余的参数 "${arg}"`,
  missingOption: (option) => `缺少必填选项 ${option}`,
  missingArgument: (name) => `缺少参数 ${name}`,
  invalidValue: (option, value, expected) => `${option} 的取值 "${value}" 无效：${expected}`,
  seeHelp: (command) => `运行 ${command} --help 查看用法。`,
  expectCounty: '应为 6、9 或 12 位数字的区划代码，如 150921',
  expectRegion: '应为 2、4、6、9 或 12 位数字的区划代码，如 15、1509、150921',
  expectLevel: '应为 CITY、COUNTY、TOWNSHIP 或 VILLAGE（也可写 地级、县级、乡镇、村）',
  regionOrCounty: '--region 与 --county 只能给一个（--county 已弃用，请用 --region）',
  missingRegion: '缺少必填选项 --region（或已弃用的 --county）',
  expectTownship: '应为 9 或 12 位数字的乡镇区划代码，如 150921102',
  expectDate: '应为 YYYY-MM-DD 格式的有效日期，如 2024-06-30',
  expectOneOf: (values) => `应为 ${values.join('、')} 之一`,
  expectIntRange: (min, max) => `应为 ${min} 到 ${max} 之间的整数`,
  expectKinds: (values) => `应为逗号分隔的单位类型，如 ENTERPRISE,SOCIAL_ORGANIZATION（可选：${values.join('、')}）`,
  expectUrl: '应为 http:// 或 https:// 开头的地址，如 http://127.0.0.1:4000/graphql',
  expectLang: '应为 zh 或 en',
  unreachable: (url, detail) => `无法连接结对关系图谱服务 ${url}（${detail}）。请先在项目目录运行 npm start，或用 --url / PAIRING_GRAPH_URL 指定服务地址。`,
  notGraphql: (url, status) => `${url} 返回 HTTP ${status}，不是 GraphQL 响应；请检查 --url 是否指向服务的 /graphql。`,
  notFound: (message) => `未找到：${message}`,
  rejected: (message) => `输入被服务拒绝：${message}`,
  denied: (message) => `无权访问：${message}。请用 pairing-graph token 签发令牌，放在环境变量 PAIRING_GRAPH_TOKEN 中。`,
  serverError: (message) => `服务出错：${message}`,
  unexpected: (message) => `意外错误：${message}`,
};

const en: Messages = {
  yes: 'yes',
  no: 'no',
  listSeparator: ', ',
  usage: 'Usage',
  commands: 'Commands',
  options: 'Options',
  commonOptions: 'Common options',
  examples: 'Examples',
  exitCodes: 'Exit codes',
  environment: 'Environment',
  arguments: 'Arguments',
  description: 'Description',
  helpTitle: "pairing-graph: the planners' command line of Pairing Graph (结对关系图谱): unpaired villages, coverage and partner suggestions, from the running GraphQL service (npm start) over HTTP.",
  helpMore: (bin) => `Run ${bin} <command> --help for a command's usage.`,
  optUrl: (defaultUrl) => `URL of the GraphQL service; by default PAIRING_GRAPH_URL, else ${defaultUrl} (/graphql is added to a bare host:port)`,
  optLang: 'language: zh (Chinese, the default) or en (English); or set PAIRING_GRAPH_LANG',
  optHelp: 'show help',
  optVersion: 'show the version',
  envUrl: 'PAIRING_GRAPH_URL   the default service URL',
  envLang: 'PAIRING_GRAPH_LANG  the default language (zh or en)',
  envToken: 'PAIRING_GRAPH_TOKEN the bearer token sent to the service (issued by pairing-graph token), when it needs one',
  exitCodeLines: EXIT_CODES_EN,
  unknownCommand: (name, known) => `unknown command "${name}"; the commands are: ${known}`,
  missingCommand: 'missing command',
  unknownOption: (option) => `unknown option ${option}`,
  missingValue: (option) => `option ${option} needs a value`,
  unexpectedArgument: (arg) => `unexpected argument "${arg}"`,
  missingOption: (option) => `missing required option ${option}`,
  missingArgument: (name) => `missing argument ${name}`,
  invalidValue: (option, value, expected) => `invalid value "${value}" for ${option}: ${expected}`,
  seeHelp: (command) => `Run ${command} --help for usage.`,
  expectCounty: 'expected a 6-, 9- or 12-digit division code, e.g. 150921',
  expectRegion: 'expected a 2-, 4-, 6-, 9- or 12-digit division code, e.g. 15, 1509, 150921',
  expectLevel: 'expected CITY, COUNTY, TOWNSHIP or VILLAGE',
  regionOrCounty: 'give --region or --county, not both (--county is deprecated: use --region)',
  missingRegion: 'missing required option --region (or the deprecated --county)',
  expectTownship: 'expected a 9- or 12-digit township code, e.g. 150921102',
  expectDate: 'expected a real date written YYYY-MM-DD, e.g. 2024-06-30',
  expectOneOf: (values) => `expected one of ${values.join(', ')}`,
  expectIntRange: (min, max) => `expected a whole number from ${min} to ${max}`,
  expectKinds: (values) => `expected unit kinds separated by commas, e.g. ENTERPRISE,SOCIAL_ORGANIZATION (one of ${values.join(', ')})`,
  expectUrl: 'expected an http:// or https:// URL, e.g. http://127.0.0.1:4000/graphql',
  expectLang: 'expected zh or en',
  unreachable: (url, detail) => `cannot reach the Pairing Graph service at ${url} (${detail}). Run \`npm start\` in the project folder first, or give the service's URL with --url or PAIRING_GRAPH_URL.`,
  notGraphql: (url, status) => `${url} answered HTTP ${status}, not a GraphQL response; check that --url points at the service's /graphql.`,
  notFound: (message) => `not found: ${message}`,
  rejected: (message) => `input rejected by the service: ${message}`,
  denied: (message) => `not allowed: ${message}. Issue a token with pairing-graph token and put it in PAIRING_GRAPH_TOKEN.`,
  serverError: (message) => `service error: ${message}`,
  unexpected: (message) => `unexpected error: ${message}`,
};

/** Returns the messages of `lang`. */
export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

/** Returns the text of `lang`. */
export function pick(lang: Lang, text: Localized): string {
  return text[lang];
}
