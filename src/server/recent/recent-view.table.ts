export interface RecentViewTable {
  user_id: number;
  entity_type: 'client' | 'contact' | 'opportunity';
  entity_id: number;
  viewed_at: string;
}
