import {
  gateRefusal,
  type MissingRequirement,
  type StageDefinition,
  type StageMoveCheck,
  type StageRefusal,
  stageMoveRefusal,
} from '../../core/stages.ts';
import { AppError } from '../http/app-error.ts';

/** The error a refusal decided in core (`gateRefusal`, `stageMoveRefusal`) is answered with. */
export function refusalError(refusal: StageRefusal): AppError {
  return new AppError(refusal.code, refusal.message, refusal.details);
}

/** 422 `GATE_NOT_MET`: entering `target` still needs `missing`. */
export function gateNotMet(missing: readonly MissingRequirement[], target: StageDefinition): AppError {
  return refusalError(gateRefusal(missing, target));
}

/** Why a stage move is refused: the missing gate requirements, or why the move is not possible. */
export function refusedStageMove(check: StageMoveCheck, target: StageDefinition): AppError {
  return refusalError(stageMoveRefusal(check, target));
}
