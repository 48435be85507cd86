package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"net/url"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// pgSchemaMain drops and makes a schema and prints the database URL that
// uses it (search_path), for gongkai --db.
func pgSchemaMain(args []string) {
	fs := flag.NewFlagSet("pgschema", flag.ExitOnError)
	dsn := fs.String("dsn", "", "postgres:// URL")
	schema := fs.String("schema", "bench_100k", "")
	keep := fs.Bool("keep", false, "keep the schema if it exists")
	fs.Parse(args)
	ctx := context.Background()
	db, err := sql.Open("pgx", *dsn)
	must(err)
	defer db.Close()
	if !*keep {
		_, err = db.ExecContext(ctx, `DROP SCHEMA IF EXISTS `+*schema+` CASCADE`)
		must(err)
	}
	_, err = db.ExecContext(ctx, `CREATE SCHEMA IF NOT EXISTS `+*schema)
	must(err)
	u, err := url.Parse(*dsn)
	must(err)
	q := u.Query()
	q.Set("search_path", *schema)
	u.RawQuery = q.Encode()
	fmt.Println(u.String())
}
