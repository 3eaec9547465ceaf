"""PostgreSQL only: pg_trgm, the trigger that keeps search_vector, and the search indexes.

SQLite searches with a plain substring match instead and gets none of this."""

from django.db import migrations

VECTOR = (
    "setweight(to_tsvector('german'::regconfig, COALESCE(NEW.name, '')), 'A') || "
    "setweight(to_tsvector('german'::regconfig, COALESCE(NEW.search_document, '')), 'B')"
)

FORWARD = [
    # pg_trgm is a trusted extension (PostgreSQL 13+): the database owner may create it without superuser rights.
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    f"""CREATE OR REPLACE FUNCTION companies_organisation_search_vector() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := {VECTOR};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER companies_organisation_search_vector
        BEFORE INSERT OR UPDATE ON companies_organisation
        FOR EACH ROW EXECUTE FUNCTION companies_organisation_search_vector()""",
    # The search terms (companies_searchterm) follow search_vector: one row per lexeme.
    """CREATE OR REPLACE FUNCTION companies_organisation_search_terms() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND NEW.search_vector IS NOT DISTINCT FROM OLD.search_vector THEN
                RETURN NULL;
            END IF;
            DELETE FROM companies_searchterm WHERE organisation_id = NEW.id;
            INSERT INTO companies_searchterm (organisation_id, lexeme)
                SELECT NEW.id, lexeme FROM unnest(tsvector_to_array(NEW.search_vector)) AS lexeme
                 WHERE length(lexeme) <= 200;
            RETURN NULL;
        END
        $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER companies_organisation_search_terms
        AFTER INSERT OR UPDATE ON companies_organisation
        FOR EACH ROW EXECUTE FUNCTION companies_organisation_search_terms()""",
    # Long texts out of the main table: the directory's counts scan a narrow table (about 300 bytes a row).
    """ALTER TABLE companies_organisation
        ALTER COLUMN search_vector SET STORAGE EXTERNAL,
        ALTER COLUMN search_document SET STORAGE EXTERNAL,
        ALTER COLUMN description SET STORAGE EXTERNAL,
        SET (toast_tuple_target = 256)""",
    "UPDATE companies_organisation SET name = name",  # fills search_vector and the terms of existing rows
    "CREATE INDEX IF NOT EXISTS companies_org_search_vector_idx ON companies_organisation USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS companies_org_name_trgm_idx ON companies_organisation USING gin (name gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS companies_searchword_trgm_idx ON companies_searchword USING gin (word gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS companies_tag_name_trgm_idx ON taggit_tag USING gin (name gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS companies_tag_name_trgm_idx",
    "DROP INDEX IF EXISTS companies_searchword_trgm_idx",
    "DROP INDEX IF EXISTS companies_org_name_trgm_idx",
    "DROP INDEX IF EXISTS companies_org_search_vector_idx",
    "DROP TRIGGER IF EXISTS companies_organisation_search_terms ON companies_organisation",
    "DROP FUNCTION IF EXISTS companies_organisation_search_terms()",
    "DROP TRIGGER IF EXISTS companies_organisation_search_vector ON companies_organisation",
    "DROP FUNCTION IF EXISTS companies_organisation_search_vector()",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("companies", "0002_search"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False)]
