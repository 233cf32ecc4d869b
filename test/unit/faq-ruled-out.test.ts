import { describe, expect, it } from 'vitest';
import type { FaqTopic } from '../../src/faq/topic-schema.js';
import { realFaq } from '../helpers/faq-harness.js';

/**
 * Issue 12, defect 8: a troubleshooting summary never says it "ruled out" a check the path did not
 * make. For every step whose text says what was ruled out, each check it names that is a step of
 * the tree ("clock", "batteries" → battery-check, "encoder" → encoder-check) lies on every path
 * that reaches it; and Spanish/Arabic say "descartado"/"استبعد" only where English says "ruled out".
 */
type Tree = NonNullable<FaqTopic['content']['en']['tree']>;

/** Every path from the start to each step, as lists of step ids (the trees are acyclic). */
function pathsTo(tree: Tree): Map<string, string[][]> {
  const found = new Map<string, string[][]>();
  const walk = (id: string, path: string[]) => {
    const here = [...path, id];
    found.set(id, [...(found.get(id) ?? []), here]);
    for (const choice of tree.steps[id]?.choices ?? []) if (!path.includes(choice.next)) walk(choice.next, here);
  };
  walk(tree.start, []);
  return found;
}

const stem = (word: string) => word.toLowerCase().replace(/ies$/, 'y').replace(/s$/, '');

describe('"ruled out" only names checks the path made', () => {
  it('in every topic', async () => {
    const faq = await realFaq();
    const problems: string[] = [];
    for (const topic of faq.topics.values()) {
      const tree = topic.content.en.tree;
      if (!tree) continue;
      const paths = pathsTo(tree);
      const stems = new Set(Object.keys(tree.steps).flatMap((id) => id.split('-')));
      for (const [id, step] of Object.entries(tree.steps)) {
        const clause = /ruled out ([^.;]*)/i.exec(step.text)?.[1];
        const saysEs = /descartad/i.test(topic.content.es.tree?.steps[id]?.text ?? '');
        const saysAr = /استبعد/.test(topic.content.ar.tree?.steps[id]?.text ?? '');
        if (!clause && (saysEs || saysAr)) problems.push(`${topic.id}/${id}: es/ar say ruled out, en does not`);
        if (!clause) continue;
        for (const word of clause.split(/[^a-z]+/i).map(stem).filter((w) => stems.has(w))) {
          for (const path of paths.get(id) ?? []) {
            if (!path.slice(0, -1).some((step) => step.split('-').includes(word))) problems.push(`${topic.id}/${id}: "${word}" not checked on ${path.join(' → ')}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
