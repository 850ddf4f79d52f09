import { type ClosingRequirement, type GateRequirement, requirementMessages } from '../../core/stages.ts';

function isRequirement(code: string): code is GateRequirement | ClosingRequirement {
  return code in requirementMessages;
}

/** A requirement code as people read it: "A primary BPContact". */
export function requirementLabel(code: string): string {
  const message = isRequirement(code) ? requirementMessages[code] : code;
  return message.charAt(0).toUpperCase() + message.slice(1);
}
