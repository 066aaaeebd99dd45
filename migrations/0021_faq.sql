-- よくある質問: staff edits of entries as versions (the shipped files are version 0; the newest version of an entry
-- wins, a null entry retires it; every instance reloads when the highest revision changes), the questions
-- residents typed (text, time, language; never who asked; deleted after a year) and feedback on answers.
CREATE TABLE faq_entry_versions (
  revision    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id    text NOT NULL CHECK (entry_id ~ '^[a-z][a-z0-9-]{0,39}$'),
  version     integer NOT NULL CHECK (version >= 1),
  -- The whole entry as staff saved it (all languages); null: retired.
  entry       jsonb,
  source      text NOT NULL CHECK (source IN ('staff', 'import')),
  staff_id    bigint REFERENCES staff (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entry_id, version)
);

CREATE TABLE faq_questions (
  id           uuid PRIMARY KEY,
  asked_at     timestamptz NOT NULL,
  language     text NOT NULL,
  text         text NOT NULL CHECK (length(text) <= 5000),
  outcome      text NOT NULL CHECK (outcome IN ('answered', 'unanswered', 'routed')),
  entry_id     text,
  intent_id    text,
  confidence   real NOT NULL,
  feedback     text CHECK (feedback IN ('solved', 'unsolved')),
  feedback_at  timestamptz,
  review       text NOT NULL DEFAULT 'open' CHECK (review IN ('open', 'phrasing', 'entry', 'dismissed')),
  reviewed_at  timestamptz
);
CREATE INDEX faq_questions_asked_at ON faq_questions (asked_at);
-- What staff review: questions not answered, and answers residents said did not help.
CREATE INDEX faq_questions_to_review ON faq_questions (asked_at)
  WHERE review = 'open' AND (outcome = 'unanswered' OR feedback = 'unsolved');

CREATE TABLE faq_feedback (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entry_id     text NOT NULL,
  question_id  uuid REFERENCES faq_questions (id) ON DELETE SET NULL,
  helpful      boolean NOT NULL,
  language     text NOT NULL,
  at           timestamptz NOT NULL
);
CREATE INDEX faq_feedback_entry ON faq_feedback (entry_id, at);
CREATE INDEX faq_feedback_at ON faq_feedback (at);
