import {
  Alert,
  Anchor,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { parse } from 'csv-parse/browser/esm/sync';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import {
  type ImportJob,
  importJobListSchema,
  importJobSchema,
} from '../../../../core/contract/import-export.ts';
import { type ImportType, importFields, resolveImportMapping } from '../../../../core/import-fields.ts';
import { ApiError, api, apiErrorFrom, csrfHeaders, toQueryString } from '../../../api/client.ts';
import { useIsPhone } from '../../../hooks/useIsPhone.ts';
import { useMe } from '../../auth/hooks/useSession.ts';

const typeLabels: Record<ImportType, string> = {
  clients: 'Clients',
  contacts: 'BPContacts',
  opportunities: 'Opportunities',
  products: 'Products',
};
const listPaths: Record<ImportType, string> = {
  clients: '/clients',
  contacts: '/contacts',
  opportunities: '/opportunities',
  products: '/admin/products',
};
const ignore = '__ignore__';

type Upload = { name: string; text: string; headers: string[]; rows: number; sample: string[][] };

function readUpload(name: string, text: string): Upload {
  const records = parse(text, {
    bom: true,
    skip_empty_lines: true,
    relax_column_count: true,
    to: 6,
  }) as string[][];
  const all = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  return {
    name,
    text,
    headers: records[0] ?? [],
    rows: Math.max(0, all.length - 1),
    sample: records.slice(1, 6),
  };
}

/** Sends the file with upload progress (fetch has none), and parses the job the server answers. */
function sendImport(
  type: ImportType,
  upload: Upload,
  query: Record<string, string | undefined>,
  onProgress: (fraction: number) => void,
): Promise<ImportJob> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/api/v1/import/${type}${toQueryString(query)}`);
    request.setRequestHeader('content-type', 'text/csv');
    for (const [key, value] of Object.entries(csrfHeaders())) request.setRequestHeader(key, value);
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      const body: unknown = request.responseText ? JSON.parse(request.responseText) : null;
      if (request.status >= 200 && request.status < 300) {
        resolve(importJobSchema.parse(body));
        return;
      }
      reject(apiErrorFrom(request.status, body));
    };
    request.onerror = () => reject(new Error('network'));
    request.send(upload.text);
  });
}

/**
 * SPEC §8 import: choose what to import, upload a CSV, map its columns, check it with a dry run
 * (every bad row listed), then import it all or nothing, and see what was created.
 */
export function ImportPage() {
  const isPhone = useIsPhone();
  const { data: me } = useMe();
  const [type, setType] = useState<ImportType>('clients');
  const [upload, setUpload] = useState<Upload | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [overrides, setOverrides] = useState<Record<string, string | null>>({});
  const [placeholders, setPlaceholders] = useState(false);
  const [adoptOwners, setAdoptOwners] = useState(false);
  const [running, setRunning] = useState<'dry' | 'real' | null>(null);
  const [sent, setSent] = useState(0);
  const [job, setJob] = useState<ImportJob | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const fields = importFields[type];
  const resolution = useMemo(
    () => (upload ? resolveImportMapping(type, upload.headers, overrides) : null),
    [type, upload, overrides],
  );
  const jobs = useQuery({
    queryKey: ['import-jobs', running],
    queryFn: () => api.get('/import-jobs', importJobListSchema),
    enabled: running === 'real',
    refetchInterval: 1000,
  });
  const live = running === 'real' ? jobs.data?.items.find((each) => each.status === 'running') : undefined;
  const types = (Object.keys(typeLabels) as ImportType[]).filter(
    (each) => each !== 'products' || me?.role === 'admin',
  );

  async function choose(file: File | null) {
    setJob(null);
    setFailure(null);
    setFileError(null);
    setOverrides({});
    if (!file) {
      setUpload(null);
      return;
    }
    try {
      setUpload(readUpload(file.name, await file.text()));
    } catch {
      setUpload(null);
      setFileError('This file could not be read as CSV.');
    }
  }

  async function run(dryRun: boolean) {
    if (!upload) return;
    setRunning(dryRun ? 'dry' : 'real');
    setSent(0);
    setFailure(null);
    try {
      const mapping = Object.keys(overrides).length > 0 ? JSON.stringify(overrides) : undefined;
      const result = await sendImport(
        type,
        upload,
        {
          dryRun: dryRun ? 'true' : undefined,
          mapping,
          placeholders: placeholders ? 'true' : undefined,
          unmatchedOwners: adoptOwners ? 'importer' : undefined,
        },
        setSent,
      );
      setJob(result);
    } catch (error) {
      setJob(null);
      setFailure(
        error instanceof ApiError ? error.message : 'Could not reach the server; nothing was imported.',
      );
    } finally {
      setRunning(null);
    }
  }

  const report = job?.report;
  const succeeded = job?.status === 'succeeded';
  return (
    <Stack gap="md" maw={1100}>
      <Title order={1} size="h2">
        Import from CSV
      </Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          <SegmentedControl
            aria-label="What to import"
            // Four kinds do not fit across a phone: one under the other there.
            orientation={isPhone ? 'vertical' : 'horizontal'}
            fullWidth={isPhone}
            data={types.map((each) => ({ value: each, label: typeLabels[each] }))}
            value={type}
            onChange={(value) => {
              setType(value as ImportType);
              setOverrides({});
              setJob(null);
            }}
          />
          <FileInput
            label="CSV file"
            description="The first row names the columns. All or nothing: if any row fails, nothing is imported."
            accept=".csv,text/csv"
            clearable
            placeholder="Choose a file…"
            error={fileError}
            onChange={(file) => void choose(file)}
          />
          {type === 'opportunities' && (
            <Group gap="lg">
              <Checkbox
                label="Fill gaps with labelled placeholders (client, contact, closing reasons)"
                checked={placeholders}
                onChange={(event) => setPlaceholders(event.currentTarget.checked)}
              />
              <Checkbox
                label="Make me the owner when the file names someone not in my firm"
                checked={adoptOwners}
                onChange={(event) => setAdoptOwners(event.currentTarget.checked)}
              />
            </Group>
          )}
          <Text size="xs" c="dimmed">
            See the <Anchor href="/api/docs">API reference</Anchor> for the fields of each kind of record.
          </Text>
        </Stack>
      </Paper>

      {upload && resolution && (
        <Paper withBorder p="md" component="section" aria-labelledby="mapping-heading">
          <Group justify="space-between" mb="xs">
            <Title order={2} size="h4" id="mapping-heading">
              Columns of {upload.name}
            </Title>
            <Text size="sm" c="dimmed">
              {upload.rows.toLocaleString()} rows
            </Text>
          </Group>
          {resolution.errors.length > 0 && (
            <Alert color="red" mb="sm" role="alert">
              {resolution.errors.map((error) => error.message).join('; ')}
            </Alert>
          )}
          <Table verticalSpacing={4} aria-label="Column mapping">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Column in the file</Table.Th>
                <Table.Th>Example</Table.Th>
                <Table.Th>Imported as</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {upload.headers.map((header, index) => (
                <Table.Tr key={header}>
                  <Table.Td>
                    <Text size="sm" fw={500}>
                      {header}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="xs" c="dimmed" truncate maw={260}>
                      {upload.sample
                        .map((row) => row[index])
                        .filter(Boolean)
                        .slice(0, 2)
                        .join(' · ')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Select
                      size="xs"
                      w={260}
                      aria-label={`Field for the column ${header}`}
                      searchable
                      allowDeselect={false}
                      data={[
                        { value: ignore, label: '— leave out —' },
                        ...fields.map((each) => ({
                          value: each.field,
                          label: `${each.label}${each.required ? ' *' : ''}`,
                        })),
                      ]}
                      value={resolution.mapping[header] ?? ignore}
                      onChange={(value) =>
                        setOverrides((current) => ({
                          ...current,
                          [header]: value === ignore ? null : (value ?? null),
                        }))
                      }
                    />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="xs" c="dimmed" mt="xs">
            Required:{' '}
            {fields
              .filter((each) => each.required)
              .map((each) => each.label)
              .join(', ')}
          </Text>
          <Group mt="md">
            <Button
              variant="default"
              loading={running === 'dry'}
              disabled={running !== null}
              onClick={() => void run(true)}
            >
              Check with a dry run
            </Button>
            <Button
              loading={running === 'real'}
              disabled={running !== null || resolution.errors.length > 0}
              onClick={() => void run(false)}
            >
              Import {upload.rows.toLocaleString()} rows
            </Button>
          </Group>
          {running && (
            <Stack gap={4} mt="sm" aria-live="polite">
              <Text size="sm">
                {sent < 1
                  ? `Uploading… ${Math.round(sent * 100)}%`
                  : live
                    ? `Importing… ${live.processedRows.toLocaleString()} of ${live.totalRows.toLocaleString()} rows`
                    : 'Checking and writing every row…'}
              </Text>
              <Progress
                aria-label="Import progress"
                value={
                  sent < 1
                    ? sent * 100
                    : live
                      ? (100 * live.processedRows) / Math.max(1, live.totalRows)
                      : 100
                }
                animated={sent >= 1}
                striped={sent >= 1}
              />
            </Stack>
          )}
        </Paper>
      )}

      {failure && (
        <Alert color="red" role="alert" title="Not imported">
          {failure}
        </Alert>
      )}

      {job && report && (
        <Paper withBorder p="md" component="section" aria-labelledby="result-heading">
          <Group justify="space-between" mb="sm">
            <Title order={2} size="h4" id="result-heading">
              {job.dryRun ? 'Dry run' : 'Import'}{' '}
              <Badge color={succeeded ? 'green' : 'red'} variant="light">
                {succeeded ? (job.dryRun ? 'would succeed' : 'done') : 'failed — nothing was written'}
              </Badge>
            </Title>
            <Text size="xs" c="dimmed">
              {(report.durationMs / 1000).toFixed(1)} s
            </Text>
          </Group>
          <SimpleGrid cols={{ base: 2, md: 5 }} mb="sm">
            {(Object.entries(report.created) as [string, number][])
              .filter(([, count]) => count > 0)
              .map(([kind, count]) => (
                <Paper key={kind} withBorder p="xs">
                  <Text size="xs" c="dimmed">
                    {job.dryRun || !succeeded ? 'Would create' : 'Created'} {kind}
                  </Text>
                  <Text fw={600}>{count.toLocaleString()}</Text>
                </Paper>
              ))}
          </SimpleGrid>
          {report.warnings.map((warning) => (
            <Text key={`${warning.field}-${warning.message}`} size="sm" c="orange.8">
              {warning.message} ({warning.rows.toLocaleString()} rows)
            </Text>
          ))}
          {report.errors.length > 0 && (
            <>
              <Text size="sm" fw={500} mt="sm">
                {job.errorCount.toLocaleString()} problem{job.errorCount === 1 ? '' : 's'}
                {report.errorsTruncated
                  ? ` (the first ${report.errors.length.toLocaleString()} are listed)`
                  : ''}
              </Text>
              <Table verticalSpacing={2} striped aria-label="Rows with problems" mt={4}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Row</Table.Th>
                    <Table.Th>Column</Table.Th>
                    <Table.Th>Problem</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.errors.slice(0, 500).map((error) => (
                    <Table.Tr key={`${error.row}-${error.field}-${error.message}`}>
                      <Table.Td>{error.row}</Table.Td>
                      <Table.Td>{error.column ?? error.field}</Table.Td>
                      <Table.Td>{error.message}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </>
          )}
          {succeeded && !job.dryRun && (
            <Button component={Link} to={listPaths[type]} variant="light" mt="sm">
              Open {typeLabels[type]}
            </Button>
          )}
        </Paper>
      )}
    </Stack>
  );
}
