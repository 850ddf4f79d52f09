import { Badge, Group, Tooltip } from '@mantine/core';
import type { OpportunityCard } from '../../../../core/contract/reports.ts';

const noCaps = { textTransform: 'none' } as const;

type OpportunityFlagsProps = Pick<OpportunityCard, 'isStale' | 'passStatus' | 'mustReachClosing'> & {
  /** Show "must reach a closing" only where it matters (stale lists), not on every passed deal. */
  showMustReachClosing?: boolean;
};

/** The badges that ask for attention: stale (SPEC §8), waiting in the passed inbox, must reach a closing (SPEC §6). */
export function OpportunityFlags({
  isStale,
  passStatus,
  mustReachClosing,
  showMustReachClosing = isStale,
}: OpportunityFlagsProps) {
  const mustClose = mustReachClosing && showMustReachClosing;
  if (!isStale && passStatus !== 'pending' && !mustClose) return null;
  return (
    <Group gap={4} wrap="wrap">
      {isStale && (
        <Tooltip label="No stage change for longer than its stage allows" openDelay={300}>
          <Badge size="xs" color="orange" variant="light" style={noCaps}>
            Stale
          </Badge>
        </Tooltip>
      )}
      {passStatus === 'pending' && (
        <Tooltip label="Passed by the vendor, waiting for a manager to accept it" openDelay={300}>
          <Badge size="xs" color="violet" variant="light" style={noCaps}>
            Passed
          </Badge>
        </Tooltip>
      )}
      {mustClose && (
        <Tooltip
          label="Passed and co-marketing opportunities must be progressed to a closing stage"
          openDelay={300}
        >
          <Badge size="xs" color="red" variant="light" style={noCaps}>
            Must reach a closing
          </Badge>
        </Tooltip>
      )}
    </Group>
  );
}
