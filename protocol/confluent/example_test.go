package confluent_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"

	"github.com/unwired-go/unwired/protocol"
	"github.com/unwired-go/unwired/protocol/confluent"
)

// fakeRegistry stands in for a transport driver: it answers two endpoints
// the way a registry does, and counts the requests it sees.
func fakeRegistry(requests *int) protocol.Doer {
	return protocol.DoerFunc(func(ctx context.Context, req *protocol.Request, resp *protocol.Response) error {
		*requests++
		resp.Status = 200
		switch {
		case req.Method == "POST" && strings.HasSuffix(req.URL, "/versions"):
			resp.Body = append(resp.Body, `{"id":1}`...)
		case strings.HasSuffix(req.URL, "/schemas/ids/1"):
			resp.Body = append(resp.Body, `{"schema":"{\"type\":\"record\",\"name\":\"Order\",\"namespace\":\"shop\",\"fields\":[]}"}`...)
		default:
			resp.Status = 404
			resp.Body = append(resp.Body, `{"error_code":40401,"message":"Subject not found."}`...)
		}
		return nil
	})
}

// The typed client: retries, failover, auth and caches around the pure
// operations. A real program passes a driver from transport/nethttp or
// transport/fasthttp as the Doer.
func ExampleClient() {
	var requests int
	client, err := confluent.NewClient(fakeRegistry(&requests),
		confluent.URLs("http://registry-a:8081", "http://registry-b:8081"),
		confluent.Auth(protocol.BasicAuth("user", "secret")),
	)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	schema := confluent.Schema{Schema: `{"type":"record","name":"Order","namespace":"shop","fields":[]}`}

	// No subject: the Avro full name, shop.Order, is used.
	id, err := client.RegisterSchema(ctx, "", schema)
	if err != nil {
		log.Fatal(err)
	}
	id, _ = client.RegisterSchema(ctx, "", schema) // cached
	s, err := client.GetSchemaByID(ctx, id)
	if err != nil {
		log.Fatal(err)
	}
	s, _ = client.GetSchemaByID(ctx, id) // cached
	fmt.Println(id, s.Type(), requests, "requests")

	_, err = client.GetSchemaBySubject(ctx, "missing", confluent.Latest)
	fmt.Println(errors.Is(err, confluent.ErrSubjectNotFound), errors.Is(err, protocol.ErrBadRequest))
	// Output:
	// 1 AVRO 2 requests
	// true true
}

// The pure halves: build the request, send it any way you like, parse the
// answer. Nothing here reads a clock or opens a socket but your own code.
func Example_ownHTTP() {
	req, err := confluent.NewGetVersionRequest("http://registry:8081", ":.staging:orders-value", confluent.Latest, confluent.GetVersionOptions{})
	if err != nil {
		log.Fatal(err)
	}

	// Your I/O.
	hreq, err := http.NewRequest(req.Method, req.URL, strings.NewReader(string(req.Body)))
	if err != nil {
		log.Fatal(err)
	}
	for _, f := range req.Header {
		hreq.Header.Add(f.Name, f.Value)
	}
	hresp, err := http.DefaultClient.Do(hreq)
	if err != nil {
		log.Fatal(err)
	}
	defer hresp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(hresp.Body, 8<<20))
	if err != nil {
		log.Fatal(err)
	}

	s, err := confluent.ParseGetVersion(&protocol.Response{Status: hresp.StatusCode, Body: body})
	var apiErr *protocol.APIError
	switch {
	case errors.Is(err, confluent.ErrSubjectNotFound):
		fmt.Println("no such subject")
	case errors.As(err, &apiErr):
		fmt.Println("registry said:", apiErr.Status, apiErr.Code, apiErr.Message)
	case err != nil:
		log.Fatal(err)
	default:
		fmt.Println(s.Subject, s.Version, s.ID)
	}
}

// A builder's request is plain data.
func ExampleNewRegisterRequest() {
	req, err := confluent.NewRegisterRequest("http://registry:8081", "orders/v1 value",
		confluent.RegisterRequest{Schema: confluent.Schema{Schema: `"string"`}},
		confluent.RegisterOptions{Normalize: true})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(req.Method, req.URL)
	fmt.Println(req.Header.Get("Content-Type"))
	fmt.Println(string(req.Body), req.Idempotent)
	// Output:
	// POST http://registry:8081/subjects/orders%2Fv1%20value/versions?normalize=true
	// application/vnd.schemaregistry.v1+json
	// {"schema":"\"string\""} true
}

// ParseError turns any error answer, even a proxy's HTML page, into one
// error type.
func ExampleParseError() {
	for _, resp := range []*protocol.Response{
		{Status: 409, Body: []byte(`{"error_code":409,"message":"Schema being registered is incompatible"}`)},
		{Status: 502, Body: []byte(`<html><head><title>502 Bad Gateway</title></head></html>`)},
	} {
		err := confluent.ParseError(resp)
		fmt.Println(err)
		fmt.Println(errors.Is(err, confluent.ErrIncompatibleSchema), protocol.IsRetryable(err))
	}
	// Output:
	// confluent: HTTP 409 code 409: Schema being registered is incompatible
	// true false
	// confluent: HTTP 502: HTML response: 502 Bad Gateway
	// false true
}

// Contexts: qualify a subject, or scope the whole client with its base URL.
func ExampleQualifiedSubject() {
	subject := confluent.QualifiedSubject("staging", "orders-value")
	req, _ := confluent.NewListVersionsRequest("http://registry:8081", subject, confluent.ListVersionsOptions{})
	fmt.Println(req.URL)
	req, _ = confluent.NewListVersionsRequest("http://registry:8081/contexts/.staging", "orders-value", confluent.ListVersionsOptions{})
	fmt.Println(req.URL)
	fmt.Println(confluent.SplitSubject(subject))
	// Output:
	// http://registry:8081/subjects/:.staging:orders-value/versions
	// http://registry:8081/contexts/.staging/subjects/orders-value/versions
	// .staging orders-value
}
