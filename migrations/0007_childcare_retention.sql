-- 子育て retention: the consent log also records a parent's data deleted by the retention rule ('purged').
ALTER TABLE childcare_consent_log DROP CONSTRAINT childcare_consent_log_action_check;
ALTER TABLE childcare_consent_log
  ADD CONSTRAINT childcare_consent_log_action_check CHECK (action IN ('given', 'withdrawn', 'purged'));
