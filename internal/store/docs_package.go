package store

import (
	"context"
	"crypto/rand"
	"fmt"
	"strings"

	"gongkai"
	"gongkai/internal/auth"
	"gongkai/internal/disclosure"
	"gongkai/internal/notify"
	"gongkai/internal/sanitize"
)

// Package is a policy package (政策文件包): documents collected for an
// audience or topic, chosen by hand (curated) and/or by tags.
type Package struct {
	ID          int64
	Title       string
	Description string
	Audience    string
	Tags        []string
	DocIDs      []int64 // curated documents, in order
	Published   bool
}

// URL is the portal address of the package.
func (p Package) URL() string { return fmt.Sprintf("/packages/%d", p.ID) }

// SavePackage creates (ID 0) or updates a package, audited.
func (s *Store) SavePackage(ctx context.Context, a auth.Actor, p Package) (int64, error) {
	p.Title = strings.TrimSpace(p.Title)
	if p.Title == "" {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请填写文件包名称")
	}
	if err := sanitize.CheckName("文件包名称", p.Title); err != nil {
		return 0, err
	}
	if len(p.DocIDs) == 0 && len(p.Tags) == 0 {
		return 0, gongkai.Errorf(gongkai.EINVALID, "请选择文件或填写标签（按标签自动汇集）")
	}
	err := s.InTx(ctx, func(tx *Tx) error {
		now := TS(tx.Now)
		action := "update"
		if p.ID == 0 {
			action = "create"
			id, err := tx.Insert(ctx, `INSERT INTO policy_packages (title, description, audience, tags, published, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				p.Title, p.Description, p.Audience, joinTags(p.Tags), p.Published, now, now)
			if err != nil {
				return fmt.Errorf("store: package: %w", err)
			}
			p.ID = id
		} else {
			if err := tx.Guarded(ctx, `UPDATE policy_packages SET title = ?, description = ?, audience = ?, tags = ?, published = ?, updated_at = ? WHERE id = ?`,
				p.Title, p.Description, p.Audience, joinTags(p.Tags), p.Published, now, p.ID); err != nil {
				return err
			}
			if _, err := tx.Exec(ctx, `DELETE FROM policy_package_documents WHERE package_id = ?`, p.ID); err != nil {
				return err
			}
		}
		for i, id := range p.DocIDs {
			if _, err := tx.Exec(ctx, `INSERT INTO policy_package_documents (package_id, document_id, sort) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, p.ID, id, i); err != nil {
				return fmt.Errorf("store: package document %d: %w", id, err)
			}
		}
		if err := tx.BumpPortal(ctx); err != nil {
			return err
		}
		return tx.Audit(ctx, a, action, "policy_package", p.ID, "政策文件包《"+p.Title+"》", nil, p)
	})
	return p.ID, err
}

// Packages lists the packages (published only when publicOnly).
func (s *Store) Packages(ctx context.Context, publicOnly bool) ([]Package, error) {
	q := `SELECT id, title, description, audience, tags, published FROM policy_packages`
	if publicOnly {
		q += ` WHERE published = ?`
	}
	q += ` ORDER BY id`
	var args []any
	if publicOnly {
		args = append(args, true)
	}
	rows, err := s.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: packages: %w", err)
	}
	defer rows.Close()
	var out []Package
	for rows.Next() {
		var p Package
		var tags string
		if err := rows.Scan(&p.ID, &p.Title, &p.Description, &p.Audience, &tags, &p.Published); err != nil {
			return nil, err
		}
		p.Tags = splitTags(tags)
		out = append(out, p)
	}
	return out, s.translate(rows.Err())
}

// Package returns one package with its curated document ids.
func (s *Store) Package(ctx context.Context, id int64) (Package, error) {
	var p Package
	var tags string
	if err := s.queryRow(ctx, `SELECT id, title, description, audience, tags, published FROM policy_packages WHERE id = ?`, id).
		Scan(&p.ID, &p.Title, &p.Description, &p.Audience, &tags, &p.Published); err != nil {
		return p, fmt.Errorf("store: package %d: %w", id, s.translate(err))
	}
	p.Tags = splitTags(tags)
	rows, err := s.query(ctx, `SELECT document_id FROM policy_package_documents WHERE package_id = ? ORDER BY sort`, id)
	if err != nil {
		return p, err
	}
	defer rows.Close()
	for rows.Next() {
		var d int64
		if err := rows.Scan(&d); err != nil {
			return p, err
		}
		p.DocIDs = append(p.DocIDs, d)
	}
	return p, s.translate(rows.Err())
}

// PackageDocuments returns the public documents of a package: the curated
// ones in order, then those carrying one of its tags, newest first.
func (s *Store) PackageDocuments(ctx context.Context, p Package) ([]disclosure.Document, error) {
	var out []disclosure.Document
	seen := map[int64]bool{}
	if len(p.DocIDs) > 0 {
		docs, _, err := s.Documents(ctx, DocFilter{IDs: p.DocIDs, PublicOnly: true, Limit: len(p.DocIDs)})
		if err != nil {
			return nil, err
		}
		byID := map[int64]disclosure.Document{}
		for _, d := range docs {
			byID[d.ID] = d
		}
		for _, id := range p.DocIDs {
			if d, ok := byID[id]; ok {
				out = append(out, d)
				seen[id] = true
			}
		}
	}
	for _, tag := range p.Tags {
		rows, err := s.query(ctx, `SELECT id FROM documents WHERE status = 'published' AND attribute = '主动公开' AND audience_unit_id IS NULL AND (','||tags||',') LIKE ? ORDER BY published_at DESC LIMIT 200`,
			"%,"+strings.ReplaceAll(tag, "%", "")+",%")
		if err != nil {
			return nil, fmt.Errorf("store: package tag %s: %w", tag, err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			if !seen[id] {
				ids = append(ids, id)
				seen[id] = true
			}
		}
		rows.Close()
		if len(ids) > 0 {
			docs, _, err := s.Documents(ctx, DocFilter{IDs: ids, Limit: len(ids)})
			if err != nil {
				return nil, err
			}
			out = append(out, docs...)
		}
	}
	return out, nil
}

// PackageRequest is a public request for the policies on a topic (点餐),
// answered by the office with a package (配餐).
type PackageRequest struct {
	ID           int64
	Code         string
	Name         string
	Contact      string
	Organisation string
	Topic        string
	Message      string
	Status       string // new, answered
	PackageID    int64
	PackageTitle string
	Answer       string
	Created      string
	Answered     string
}

// CreatePackageRequest stores a public request and returns its lookup code.
func (s *Store) CreatePackageRequest(ctx context.Context, r PackageRequest, ip string) (string, error) {
	r.Name, r.Contact, r.Topic = strings.TrimSpace(r.Name), strings.TrimSpace(r.Contact), strings.TrimSpace(r.Topic)
	switch {
	case r.Name == "":
		return "", gongkai.Errorf(gongkai.EINVALID, "请填写姓名或单位名称")
	case r.Contact == "":
		return "", gongkai.Errorf(gongkai.EINVALID, "请填写联系方式（电话或电子邮箱）")
	case r.Topic == "":
		return "", gongkai.Errorf(gongkai.EINVALID, "请填写需要了解的政策主题，如 民办培训机构设立")
	case len([]rune(r.Message)) > 2000 || len([]rune(r.Topic)) > 100 || len([]rune(r.Name)) > 100 || len([]rune(r.Contact)) > 100:
		return "", gongkai.Errorf(gongkai.EINVALID, "内容过长：主题不超过 100 字，说明不超过 2000 字")
	}
	if err := sanitize.CheckNames("姓名或单位名称", r.Name, "联系方式", r.Contact, "单位", r.Organisation, "政策主题", r.Topic); err != nil {
		return "", err
	}
	b := make([]byte, 5)
	_, _ = rand.Read(b)
	code := fmt.Sprintf("ZC%X", b)
	err := s.InTx(ctx, func(tx *Tx) error {
		if err := tx.TakeLimit(ctx, ip, LimitPackageRequests); err != nil {
			return err
		}
		id, err := tx.Insert(ctx, `INSERT INTO package_requests (code, name, contact, organisation, topic, message, status, ip, created_at) VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?)`,
			code, r.Name, r.Contact, r.Organisation, r.Topic, r.Message, ip, TS(tx.Now))
		if err != nil {
			return fmt.Errorf("store: package request: %w", err)
		}
		if _, err := tx.Notify(ctx, notify.Notification{Key: "docs:pkgreq:" + code, Role: auth.RoleOffice, Level: "info", Title: "政策文件包申请：" + r.Topic, Link: fmt.Sprintf("/admin/docs/package-requests#r%d", id)}); err != nil {
			return err
		}
		return tx.Audit(ctx, auth.Actor{Login: "public", IP: ip}, "create", "package_request", id, "公众申请政策文件包："+r.Topic, nil, nil)
	})
	return code, err
}

// PackageRequests lists the requests, newest first.
func (s *Store) PackageRequests(ctx context.Context) ([]PackageRequest, error) {
	rows, err := s.query(ctx, `SELECT r.id, r.code, r.name, r.contact, r.organisation, r.topic, r.message, r.status, COALESCE(r.package_id, 0), COALESCE(p.title, ''), r.answer, r.created_at, COALESCE(r.answered_at, '')
		FROM package_requests r LEFT JOIN policy_packages p ON p.id = r.package_id ORDER BY r.id DESC LIMIT 500`)
	if err != nil {
		return nil, fmt.Errorf("store: package requests: %w", err)
	}
	defer rows.Close()
	var out []PackageRequest
	for rows.Next() {
		var r PackageRequest
		if err := rows.Scan(&r.ID, &r.Code, &r.Name, &r.Contact, &r.Organisation, &r.Topic, &r.Message, &r.Status, &r.PackageID, &r.PackageTitle, &r.Answer, &r.Created, &r.Answered); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, s.translate(rows.Err())
}

// LookupPackageRequest returns a request for the public by its code,
// rate-limited per address (LimitLookups, counted in the database).
func (s *Store) LookupPackageRequest(ctx context.Context, ip, code string) (PackageRequest, error) {
	if err := s.TakeLimit(ctx, ip, LimitLookups); err != nil {
		return PackageRequest{}, err
	}
	return s.PackageRequestByCode(ctx, code)
}

// PackageRequestByCode returns a request for the public lookup.
func (s *Store) PackageRequestByCode(ctx context.Context, code string) (PackageRequest, error) {
	var r PackageRequest
	err := s.queryRow(ctx, `SELECT r.id, r.code, r.topic, r.status, COALESCE(r.package_id, 0), COALESCE(p.title, ''), r.answer, r.created_at, COALESCE(r.answered_at, '')
		FROM package_requests r LEFT JOIN policy_packages p ON p.id = r.package_id WHERE r.code = ?`, strings.ToUpper(strings.TrimSpace(code))).
		Scan(&r.ID, &r.Code, &r.Topic, &r.Status, &r.PackageID, &r.PackageTitle, &r.Answer, &r.Created, &r.Answered)
	if err != nil {
		return r, gongkai.Errorf(gongkai.ENOTFOUND, "没有查询码为“%s”的申请，请核对后重试", code)
	}
	return r, nil
}

// AnswerPackageRequest answers a request with a package, audited.
func (s *Store) AnswerPackageRequest(ctx context.Context, a auth.Actor, id, packageID int64, answer string) error {
	if packageID == 0 {
		return gongkai.Errorf(gongkai.EINVALID, "请选择用于答复的政策文件包")
	}
	return s.InTx(ctx, func(tx *Tx) error {
		if err := tx.Guarded(ctx, `UPDATE package_requests SET status = 'answered', package_id = ?, answer = ?, answered_at = ? WHERE id = ? AND status = 'new'`,
			packageID, strings.TrimSpace(answer), TS(tx.Now), id); err != nil {
			return err
		}
		return tx.Audit(ctx, a, "answer", "package_request", id, fmt.Sprintf("以文件包 %d 答复", packageID), "new", "answered")
	})
}
