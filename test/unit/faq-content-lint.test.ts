import { describe, expect, it } from 'vitest';
import { lintTopicFolder, resolveFaqDir } from '../../src/faq/topic-loader.js';

describe('the FAQ content in faq/', () => {
  it('passes lint: every required topic, three languages, matching trees, no dangling or unreachable steps', () => {
    const problems = lintTopicFolder(resolveFaqDir('faq')).map(({ file, problem }) => `${file}: ${problem}`);
    expect(problems).toEqual([]);
  });
});
