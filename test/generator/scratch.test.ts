import { it } from 'vitest';
import { runApp } from './helpers.js';

it('prompts', async () => {
  const addField = [true, true, false, false];
  const ctx = runApp()
      .withAnswers({
        name: 'asked', description: 'Asked builder.', org: 'acme', author: 'Jane', license: 'MIT', communicator: 'none',
        generated: ['ImageId'], steps: ['make-image'], git: false, install: false,
        get addField() { const v = addField.shift(); console.log('addField', v); return v; },
        fieldName: 'x', fieldType: 'int', fieldRequired: true, fieldDescription: 'Asked.', fieldSensitive: false,
      });
  const timer = setTimeout(() => console.log('asked', ctx.askedQuestions.map((q) => q.name)), 8000);
  await ctx;
  clearTimeout(timer);
}, 10000);
