import { highlight } from './message-search.service';

describe('highlight', () => {
  it('escapes the excerpt and marks only the matches', () => {
    expect(highlight('\u27E6renewal\u27E7 <img src=x onerror=alert(1)> & co')).toBe(
      '<mark>renewal</mark> &#60;img src=x onerror=alert(1)&#62; &#38; co',
    );
  });

  it('leaves text without matches as escaped text', () => {
    expect(highlight('"quoted" \'text\'')).toBe('&#34;quoted&#34; &#39;text&#39;');
  });
});
