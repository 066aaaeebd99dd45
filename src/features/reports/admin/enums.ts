// The reports staff API's status-like values, built from the catalog the city edits: statuses (staff labels,
// with the residents' labels accepted too when unambiguous, and each status's transitions), departments and
// categories.
import { LabelledEnum } from '../../../admin/labelled-enum.ts';
import type { ReportCatalog } from '../catalog/catalog.ts';

export interface ReportEnums {
  status: LabelledEnum;
  department: LabelledEnum;
  category: LabelledEnum;
}

export function reportEnums(catalog: ReportCatalog): ReportEnums {
  const status = new LabelledEnum(
    'reports.status',
    'status',
    catalog.statuses.map((s) => ({
      id: s.id,
      labels: { ja: s.staffLabel.ja, en: s.staffLabel.en ?? s.label.en ?? s.staffLabel.ja },
      // What residents see: 完了 is three statuses there, so only labels naming one status are taken.
      aliases: [s.label.ja, s.label.en, s.label['ja-easy']].filter((l): l is string => l !== undefined),
      attributes: {
        closed: s.closed,
        requiresReason: s.requiresReason,
        transitions: [...s.transitions],
        // The duplicate status is set by merging (POST /admin/reports/{id}/merge), not by /status.
        byMergeOnly: s.id === catalog.duplicateStatus,
        initial: s.id === catalog.initialStatus,
      },
    })),
  );
  const department = new LabelledEnum(
    'reports.department',
    'department',
    catalog.departments.map((d) => ({ id: d.id, labels: { ja: d.name.ja, en: d.name.en ?? d.name.ja } })),
  );
  const category = new LabelledEnum(
    'reports.category',
    'category',
    catalog.categories.map((c) => ({
      id: c.id,
      labels: { ja: c.name.ja, en: c.name.en ?? c.name.ja },
      attributes: { department: c.department, active: c.active },
    })),
  );
  return { status, department, category };
}
