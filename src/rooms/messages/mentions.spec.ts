import { resolveMentions } from './mentions';

const people = [
  { id: 'ann', name: 'Ann', email: 'ann@alpha.test' },
  { id: 'annlee', name: 'Ann Lee', email: 'lee@alpha.test' },
  { id: 'bob', name: 'Bob Stone', email: 'bob@beta.test' },
];

describe('resolveMentions', () => {
  it('finds names with spaces and emails, case-insensitively', () => {
    expect(resolveMentions('hi @bob stone and @LEE@alpha.test', people).sort()).toEqual(['annlee', 'bob']);
  });

  it('prefers the longer name over its prefix', () => {
    expect(resolveMentions('@Ann Lee can you check?', people)).toEqual(['annlee']);
    expect(resolveMentions('@Ann, @Ann Lee', people).sort()).toEqual(['ann', 'annlee']);
  });

  it('ignores a handle inside a longer word and bodies without @', () => {
    expect(resolveMentions('@Annabel and me@Ann', people)).toEqual([]);
    expect(resolveMentions('Ann Lee', people)).toEqual([]);
  });

  it('finds people by id too, as deal notes name them', () => {
    expect(resolveMentions('ping @annlee and @BOB.', people).sort()).toEqual(['annlee', 'bob']);
  });

  it('accepts punctuation and markdown around the handle', () => {
    expect(resolveMentions('**@Bob Stone**: ping', people)).toEqual(['bob']);
  });
});
