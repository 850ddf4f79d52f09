import { Button, Group, Stack, Text, Tooltip, UnstyledButton, VisuallyHidden } from '@mantine/core';
import { Fragment, useState } from 'react';
import type { OpportunityOverview, StageMove } from '../../../../core/contract/opportunities.ts';
import {
  closingPrerequisiteShortLabel,
  requirementShortLabels,
  type StageDefinition,
  unmetClosingPrerequisites,
} from '../../../../core/stages.ts';
import { notifyError, notifySuccess } from '../../../api/notify.ts';
import { useMoveStage } from '../hooks/useOpportunity.ts';
import { missingRequirementsOf } from '../lib/stage-refusal.ts';
import { ClosingDialog, type ClosingDialogTarget } from './ClosingDialog.tsx';
import { GatePanel } from './GatePanel.tsx';
import { GateRefusal } from './GateRefusal.tsx';
import classes from './StageBar.module.css';

type StageBarProps = { overview: OpportunityOverview; stages: StageDefinition[] };

type Dialog = ClosingDialogTarget | null;

/**
 * The seven gates and four closings (SPEC §3). Each gate says, before anyone clicks, what it still
 * needs (the shared gate function, via the overview's readiness); closings ask for their reason,
 * competitor and note; a closed deal offers to reopen.
 */
export function StageBar({ overview, stages }: StageBarProps) {
  const { opportunity, readiness } = overview;
  const move = useMoveStage(overview);
  const [dialog, setDialog] = useState<Dialog>(null);
  // A forward move whose gate is not met opens the panel that asks for what is missing (SPEC §3).
  const [gateStage, setGateStage] = useState<StageDefinition | null>(null);
  const current = stages.find((stage) => stage.code === opportunity.stage);
  const open = stages.filter((stage) => !stage.closing);
  const closings = stages.filter((stage) => stage.closing);
  const missingFor = (code: string) => readiness.find((item) => item.stage === code)?.missing ?? [];
  const canMove = opportunity.canEdit;

  function moveTo(stage: StageDefinition) {
    if (!current || stage.code === current.code) return;
    if (stage.closing || current.closing) {
      move.reset();
      setDialog({ stage, kind: stage.closing ? 'close' : 'reopen' });
      return;
    }
    if (missingFor(stage.code).length > 0) {
      move.reset();
      setGateStage(stage);
      return;
    }
    move.mutate(
      { stage: stage.code },
      {
        onSuccess: () => notifySuccess(`Moved to ${stage.label}`),
        onError: (error) => {
          // The overview was older than the deal: what the gate now lacks is asked for in the panel.
          if (missingRequirementsOf(error)) {
            move.reset();
            setGateStage(stage);
          } else notifyError(error, `Not moved to ${stage.label}`);
        },
      },
    );
  }

  function submitDialog(stageMove: StageMove) {
    if (!dialog) return;
    move.mutate(stageMove, {
      onSuccess: () => {
        notifySuccess(
          dialog.kind === 'reopen' ? `Reopened in ${dialog.stage.label}` : `Closed as ${dialog.stage.label}`,
        );
        setDialog(null);
      },
    });
  }

  const refusal = dialog || gateStage ? null : missingRequirementsOf(move.error);

  return (
    <Stack gap={6}>
      <ol className={classes.bar} aria-label="Sales stages">
        {open.map((stage) => {
          const isCurrent = stage.code === opportunity.stage;
          const isPast = current !== undefined && !current.closing && stage.order < current.order;
          const missing = missingFor(stage.code);
          const disabled =
            !(canMove || (opportunity.canReopen && current?.closing)) || isCurrent || move.isPending;
          const label =
            missing.length > 0
              ? `Needs: ${missing.map((item) => item.message).join('; ')}`
              : isCurrent
                ? 'Current stage'
                : `Move to ${stage.label}`;
          const needsId = `stage-needs-${stage.code}`;
          const blocked = missing.length > 0 && !isPast;
          // Visible without hover (touch): the requirements this gate adds that are not met; a gate
          // blocked only by earlier ones says so.
          const ownMissing = missing.filter((item) => item.stage === stage.code);
          const visibleNeeds =
            ownMissing.length > 0
              ? `needs ${ownMissing
                  .map(
                    (item) =>
                      requirementShortLabels[item.requirement as keyof typeof requirementShortLabels] ??
                      item.message,
                  )
                  .join(', ')}`
              : 'needs the gates before';
          return (
            <li key={stage.code} className={classes.step}>
              <Tooltip label={label} multiline maw={320} withArrow>
                {/*
                 * The name is what the step shows, "03 Qualify 40%" (aria-current tells the current
                 * one); what a blocked gate still needs is its description, read after the name. The
                 * space between the two lines (not drawn in the flex column) keeps the words apart.
                 * A step that cannot be chosen is aria-disabled, not disabled: it keeps the focus, so
                 * the step just chosen (now the current one, or busy while the move is saved) does
                 * not drop the keyboard's place, and what it needs can still be read.
                 */}
                <UnstyledButton
                  className={classes.stepButton}
                  data-current={isCurrent || undefined}
                  data-past={isPast || undefined}
                  data-blocked={blocked || undefined}
                  aria-current={isCurrent ? 'step' : undefined}
                  aria-describedby={blocked ? needsId : undefined}
                  aria-disabled={disabled || undefined}
                  onClick={() => {
                    if (!disabled) moveTo(stage);
                  }}
                >
                  <span className={classes.stepLabel}>{stage.label}</span>{' '}
                  <span className={classes.stepProbability}>{stage.probability}%</span>
                </UnstyledButton>
              </Tooltip>
              {blocked && (
                <span className={classes.stepNeeds} aria-hidden="true">
                  {visibleNeeds}
                </span>
              )}
              {blocked && (
                <VisuallyHidden id={needsId}>
                  Needs {missing.map((item) => item.message).join('; ')}
                </VisuallyHidden>
              )}
            </li>
          );
        })}
      </ol>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {current?.closing ? 'Closed:' : 'Close as:'}
        </Text>
        {closings.map((stage) => {
          const isCurrent = stage.code === opportunity.stage;
          // What the closing dialog cannot fill (completion needs 06 Won first) is said before anyone
          // tries; the button keeps the focus (aria-disabled) and explains on activation.
          const prerequisites = current?.closing ? [] : unmetClosingPrerequisites(missingFor(stage.code));
          const blocked = canMove && !isCurrent && prerequisites.length > 0;
          const needsId = `closing-needs-${stage.code}`;
          return (
            <Fragment key={stage.code}>
              <Button
                size="compact-xs"
                variant={isCurrent ? 'filled' : 'light'}
                color={blocked ? 'gray' : stage.outcome === 'won' ? 'green' : 'gray'}
                disabled={!canMove || isCurrent || current?.closing}
                data-disabled={blocked || undefined}
                aria-disabled={blocked || undefined}
                aria-describedby={blocked ? needsId : undefined}
                aria-current={isCurrent ? 'step' : undefined}
                onClick={() => {
                  if (blocked) {
                    notifyError(
                      `${stage.label} needs ${prerequisites.map((item) => item.message).join('; ')}`,
                      `Not closed as ${stage.label}`,
                    );
                    return;
                  }
                  moveTo(stage);
                }}
              >
                {stage.label}
              </Button>
              {blocked && (
                <Text size="xs" c="orange.9" id={needsId}>
                  {prerequisites
                    .map((item) => closingPrerequisiteShortLabel(stages, item.requirement))
                    .join(', ')}
                </Text>
              )}
            </Fragment>
          );
        })}
        {current?.closing && opportunity.canReopen && (
          <Text size="xs" c="dimmed">
            Reopen by choosing an open stage above.
          </Text>
        )}
      </Group>
      {refusal && <GateRefusal missing={refusal} stages={stages} />}
      <GatePanel
        target={gateStage ? { opportunityId: opportunity.id, stage: gateStage } : null}
        stages={stages}
        onClose={() => setGateStage(null)}
      />
      <ClosingDialog
        target={dialog}
        stages={stages}
        initialCompetitor={opportunity.competitor}
        isPending={move.isPending}
        error={move.error}
        onCancel={() => setDialog(null)}
        onSubmit={submitDialog}
      />
    </Stack>
  );
}
