import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LockCareError } from '../errors.js';
import { PolicySchema, type Policy } from './policy-schema.js';

/** Every loaded policy by id, plus the vocabularies the CLI and dialogs validate against. */
export interface PolicySet {
  readonly policies: ReadonlyMap<string, Policy>;
  get(id: string): Policy | undefined;
  /** Component ids known to any policy. */
  readonly components: ReadonlySet<string>;
  /** Voiding cause ids known to any policy. */
  readonly causes: ReadonlySet<string>;
}

function contentError(file: string, message: string): LockCareError {
  return new LockCareError('E_CONTENT', `Invalid warranty policy ${file}: ${message}`);
}

/** Checks zod cannot express: ids that must refer to each other inside one policy. */
function checkReferences(policy: Policy, file: string): void {
  const unique = (ids: string[], what: string) => {
    const seen = new Set<string>();
    for (const value of ids) {
      if (seen.has(value)) throw contentError(file, `duplicate ${what} "${value}"`);
      seen.add(value);
    }
  };
  unique(policy.components, 'component');
  unique(policy.remedies.map((remedy) => remedy.id), 'remedy id');
  unique(policy.voidingCauses.map((cause) => cause.id), 'voiding cause');
  unique(policy.faultQuestions.map((question) => question.id), 'fault question');
  const components = new Set(policy.components);
  const causes = new Set(policy.voidingCauses.map((cause) => cause.id));
  const knownComponent = (component: string, where: string) => {
    if (!components.has(component)) throw contentError(file, `${where} names component "${component}", which is not in "components"`);
  };
  for (const component of policy.neverCovered?.components ?? []) knownComponent(component, 'neverCovered');
  for (const remedy of policy.remedies) for (const component of remedy.components ?? []) knownComponent(component, `remedy "${remedy.id}"`);
  if (!policy.remedies.some((remedy) => remedy.free)) throw contentError(file, 'needs at least one free remedy');
  for (const question of policy.faultQuestions) {
    unique(question.answers.map((answer) => answer.id), `answer of question "${question.id}"`);
    for (const answer of question.answers) {
      if (answer.cause && !causes.has(answer.cause)) {
        throw contentError(file, `question "${question.id}", answer "${answer.id}" names cause "${answer.cause}", which is not in "voidingCauses"`);
      }
      if (answer.component) knownComponent(answer.component, `question "${question.id}", answer "${answer.id}"`);
    }
  }
}

/** Parse and check one policy file's text. Throws E_CONTENT naming the file and the field. */
export function parsePolicy(text: string, file: string): Policy {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw contentError(file, `not valid JSON (${(error as Error).message})`);
  }
  const parsed = PolicySchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(file)'}: ${issue.message}`);
    throw contentError(file, issues.join('; '));
  }
  const policy = parsed.data;
  if (basename(file, '.json') !== policy.id) throw contentError(file, `"id" is "${policy.id}" but the file must then be named ${policy.id}.json`);
  checkReferences(policy, file);
  return policy;
}

export function createPolicySet(list: Policy[]): PolicySet {
  const policies = new Map(list.map((policy) => [policy.id, policy]));
  return {
    policies,
    get: (policyId) => policies.get(policyId),
    components: new Set(list.flatMap((policy) => policy.components)),
    causes: new Set(list.flatMap((policy) => policy.voidingCauses.map((cause) => cause.id))),
  };
}

/** Load every `*.json` in the policies folder (POLICIES_DIR). */
export function loadPolicies(dir: string): PolicySet {
  let files: string[];
  try {
    files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new LockCareError('E_CONTENT', `Cannot read the warranty policies folder ${dir}: ${(error as Error).message}`);
  }
  if (files.length === 0) throw new LockCareError('E_CONTENT', `No warranty policy files (*.json) in ${dir}`);
  const list = files.map((name) => {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw contentError(file, (error as Error).message);
    }
    return parsePolicy(text, file);
  });
  return createPolicySet(list);
}
