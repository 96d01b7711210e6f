import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Locale } from '../i18n/index.js';
import type { ReportContent } from '../domain/report.js';
import type { ConsentKey, FormDraft } from './form-state.js';
import type { FieldProblem } from './validate.js';

/**
 * What every step of the report form reads: the form state and how to change it, the problems to
 * show, and `t`, the translator bound to the reporter's current language.
 */
export interface FormContext {
  form: FormDraft;
  locale: Locale;
  problems: FieldProblem[];
  t: (key: string, vars?: Record<string, string | number>) => string;
  /** Changes the report (on a copy). */
  update: (change: (draft: ReportContent) => void) => void;
  /** Records a yes/no answer to a consent question. */
  answer: (key: ConsentKey, yes: boolean) => void;
  /** Moves to a step (0-based) and focuses its heading. */
  goTo: (step: number) => void;
}

/** The report form's context; provided by ReportForm. */
export const FormContextProvider = createContext<FormContext | null>(null);

/** Reads the form context; throws when used outside ReportForm (a programming error). */
export function useForm(): FormContext {
  const context = useContext(FormContextProvider);
  if (!context) throw new Error('useForm: render inside <ReportForm>');
  return context;
}

/** The problem shown for `field`, if any. */
export function problemFor(context: FormContext, field: string): FieldProblem | undefined {
  return context.problems.find((p) => p.field === field);
}
