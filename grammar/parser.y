/* The grammar of the scoring language (LANGUAGE.md §3–§8). Every action is one ast_* call from
 * front/ast_build.h, passes a value through, or names an operator or option with a constant, so
 * this file reads as the language's shape.
 *
 * Precedence is spelt out as one nonterminal per level, loosest first:
 *   or < and < not < comparisons and tests (non-associative) < ?? < + - < * / % < unary - + < .field
 * so chained comparisons such as `a < b < c` are syntax errors rather than surprises.
 *
 * Error recovery: a syntax error skips to the next declaration keyword, or inside a block to the
 * next field, rule or test item, so one run reports every broken declaration once. Syntax error
 * messages are composed in front/syntax_error.c from the tokens the parser could have accepted. */

%define api.pure full
%define api.token.prefix {TK_}
%define api.location.type {lc_span}
%define parse.error custom
%locations
%param {void *scanner}
%parse-param {lc_parse_ctx *p}

%code requires {
#include <string.h>
#include "front/parse_ctx.h"

/* Empty right-hand sides take the end of what precedes them, and a span starts at its first
 * non-empty part, so a declaration's span never begins inside the previous one. */
#define YYLLOC_DEFAULT(Cur, Rhs, N) ((Cur) = lc_yyspan(&YYRHSLOC(Rhs, 0), (N)))
}

%code provides {
int yylex(YYSTYPE *lval, YYLTYPE *lloc, void *scanner);

static inline lc_span lc_yyspan(const lc_span *rhs, int n) {
  if (n == 0) return (lc_span){rhs[0].file, rhs[0].end, rhs[0].end};
  int first = 1;
  while (first < n && rhs[first].start == rhs[first].end) first++;
  return (lc_span){rhs[n].file, rhs[first].start, rhs[n].end};
}
}

%code {
static void yyerror(const YYLTYPE *loc, void *scanner, lc_parse_ctx *p, const char *msg);
}

%initial-action { @$ = (lc_span){p->file, 0, 0}; }

%union {
  double num;
  int64_t us;
  const char *name;
  ast_str_lit *str;
  ast_regex_lit re;
  ast_expr *expr;
  ast_type *type;
  ast_field *field;
  ast_decl *decl;
  ast_rule *rule;
  ast_test *test;
  ast_expect *expect;
  ast_ident *ident;
  ast_param *param;
  lc_vec vec;
  int op;
}

%token <name> IDENT    "a name"
%token <num>  NUMBER   "a number"
%token <us>   DURATION "a duration"
%token <us>   TIME     "a time"
%token <str>  STRING   "a string"
%token <str>  JSON     "a JSON object"
%token <re>   REGEX    "a regular expression"

%token MODEL "model" VERSION "version" SCORE "score" RANGE "range" IMPORT "import" INPUT "input"
       RECORD "record" MISSING_VALUES "missing_values" KEY "key" TIMESTAMP "timestamp" FROM "from"
       ENUM "enum" LIST "list" CONST "const" DEF "def" RULE "rule" WHEN "when" EACH "each"
       WHERE "where" WITHIN "within" THEN "then" DECAY "decay" HALF_LIFE "half_life"
       LINEAR "linear" STEP "step" SINCE "since" CAP "cap" FLOOR "floor" GROUP "group" TIER "tier"
       OTHERWISE "otherwise" TEST "test" AS_OF "as_of" GIVEN "given" FILE "file" EXPECT "expect"
       FIRED "fired" REJECTED "rejected" AND "and" OR "or" NOT "not" IN "in" IS "is"
       MISSING "missing" PRESENT "present" CONTAINS "contains" STARTS_WITH "starts_with"
       ENDS_WITH "ends_with" MATCHES "matches" TRUE "true" FALSE "false"
       EQ "==" NE "!=" LE "<=" GE ">=" DOTDOT ".." COALESCE "??"

%type <decl> decl rule
%type <str> opt_desc opt_from
%type <vec> missing fields str_list rules params param_list args opt_args list_items idents
%type <field> field
%type <type> type base_type opt_ret
%type <param> param
%type <rule> rule_head opt_decay
%type <test> test_body
%type <expect> expect
%type <ident> ident
%type <op> field_mod decay_kind cmp_op str_op
%type <expr> expr or_expr and_expr not_expr cmp_expr coal add mul unary postfix primary
%type <expr> opt_where opt_within opt_since opt_cap opt_floor

%%

module
  : %empty
  | module decl                        { ast_module_add(&p->b, p->module, $2); }
  | module error
  ;

decl
  : kw_model IDENT opt_desc            { $$ = ast_model_decl(&p->b, @$, $2, @2, $3); }
  | kw_version STRING                  { $$ = ast_version_decl(&p->b, @$, $2); }
  | kw_range coal DOTDOT coal          { $$ = ast_range_decl(&p->b, @$, $2, $4); }
  | kw_import STRING                   { $$ = ast_import_decl(&p->b, @$, $2); }
  | kw_input IDENT '{' missing fields '}'
                                       { $$ = ast_record_decl(&p->b, AST_INPUT, @$, $2, @2, $4, $5); }
  | kw_record IDENT '{' missing fields '}'
                                       { $$ = ast_record_decl(&p->b, AST_RECORD, @$, $2, @2, $4, $5); }
  | kw_const IDENT '=' expr            { $$ = ast_const_decl(&p->b, @$, $2, @2, $4); }
  | kw_def IDENT '(' params ')' opt_ret '=' expr
                                       { $$ = ast_def_decl(&p->b, @$, $2, @2, $4, $6, $8); }
  | rule
  | kw_group IDENT opt_cap opt_floor '{' rules '}'
                                       { $$ = ast_group_decl(&p->b, @$, $2, @2, $3, $4, $6); }
  | kw_tier IDENT WHEN expr            { $$ = ast_tier_decl(&p->b, @$, $2, @2, $4); }
  | kw_tier IDENT OTHERWISE            { $$ = ast_tier_decl(&p->b, @$, $2, @2, NULL); }
  | kw_test STRING '{' test_body '}'   { $$ = ast_test_decl(&p->b, @$, $2, $4); }
  ;

/* The keywords that open a declaration or a test item. Shifting one means the parser is back in
 * step after an error, so the next error is reported even if it comes right away (bison would
 * otherwise stay silent until three tokens have been accepted). */
kw_model   : MODEL         { yyerrok; } ;
kw_version : VERSION       { yyerrok; } ;
kw_range   : SCORE RANGE   { yyerrok; } ;
kw_import  : IMPORT        { yyerrok; } ;
kw_input   : INPUT         { yyerrok; } ;
kw_record  : RECORD        { yyerrok; } ;
kw_const   : CONST         { yyerrok; } ;
kw_def     : DEF           { yyerrok; } ;
kw_rule    : RULE          { yyerrok; } ;
kw_group   : GROUP         { yyerrok; } ;
kw_tier    : TIER          { yyerrok; } ;
kw_test    : TEST          { yyerrok; } ;
kw_as_of   : AS_OF         { yyerrok; } ;
kw_given   : GIVEN         { yyerrok; } ;
kw_expect  : EXPECT        { yyerrok; } ;

opt_desc
  : %empty                             { $$ = NULL; }
  | STRING
  ;

/* ---- input and record blocks */

missing
  : %empty                             { $$ = ast_vec_empty(); }
  | MISSING_VALUES str_list            { $$ = $2; }
  ;

str_list
  : STRING                             { $$ = ast_vec1(&p->b, $1); }
  | str_list ',' STRING                { $$ = ast_vec_add(&p->b, $1, $3); }
  ;

fields
  : %empty                             { $$ = ast_vec_empty(); }
  | fields field                       { $$ = ast_vec_add(&p->b, $1, $2); }
  | fields error
  ;

field
  : IDENT ':' type opt_from            { $$ = ast_field_decl(&p->b, @$, AST_FIELD_PLAIN, $1, @1, $3, $4); }
  | field_mod IDENT ':' type opt_from  { $$ = ast_field_decl(&p->b, @$, $1, $2, @2, $4, $5); }
  ;

field_mod
  : KEY                                { $$ = AST_FIELD_KEY; }
  | TIMESTAMP                          { $$ = AST_FIELD_TIMESTAMP; }
  ;

opt_from
  : %empty                             { $$ = NULL; }
  | FROM STRING                        { $$ = $2; }
  ;

type
  : base_type
  | base_type '?'                      { $$ = ast_ty_optional(&p->b, $1, @$); }
  ;

base_type
  : IDENT                              { $$ = ast_ty_name(&p->b, $1, @$); }
  | ENUM '(' str_list opt_comma ')'    { $$ = ast_ty_enum(&p->b, $3, @$); }
  | LIST '<' type '>'                  { $$ = ast_ty_list(&p->b, $3, @$); }
  ;

opt_comma
  : %empty
  | ','
  ;

/* ---- def */

params
  : %empty                             { $$ = ast_vec_empty(); }
  | param_list
  ;

param_list
  : param                              { $$ = ast_vec1(&p->b, $1); }
  | param_list ',' param               { $$ = ast_vec_add(&p->b, $1, $3); }
  ;

param
  : IDENT ':' type                     { $$ = ast_param_decl(&p->b, @$, $1, $3); }
  ;

opt_ret
  : %empty                             { $$ = NULL; }
  | ':' type                           { $$ = $2; }
  ;

/* ---- rules and groups */

rule
  : kw_rule IDENT opt_desc rule_head THEN expr opt_decay opt_cap opt_floor
                                       { $$ = ast_rule_decl(&p->b, @$, $2, @2, $3, $4, $6, $7, $8, $9); }
  ;

rule_head
  : WHEN expr                          { $$ = ast_rule_when(&p->b, $2); }
  | EACH expr opt_where opt_within     { $$ = ast_rule_each(&p->b, $2, $3, $4); }
  ;

opt_decay
  : %empty                             { $$ = NULL; }
  | DECAY decay_kind expr opt_since    { $$ = ast_rule_decay(&p->b, @$, $2, $3, $4); }
  ;

decay_kind
  : HALF_LIFE                          { $$ = AST_DECAY_HALF_LIFE; }
  | LINEAR                             { $$ = AST_DECAY_LINEAR; }
  | STEP                               { $$ = AST_DECAY_STEP; }
  ;

opt_since  : %empty { $$ = NULL; } | SINCE expr  { $$ = $2; } ;
opt_cap    : %empty { $$ = NULL; } | CAP expr    { $$ = $2; } ;
opt_floor  : %empty { $$ = NULL; } | FLOOR expr  { $$ = $2; } ;
opt_where  : %empty { $$ = NULL; } | WHERE expr  { $$ = $2; } ;
opt_within : %empty { $$ = NULL; } | WITHIN expr { $$ = $2; } ;

rules
  : %empty                             { $$ = ast_vec_empty(); }
  | rules rule                         { $$ = ast_vec_add(&p->b, $1, $2); }
  | rules error
  ;

/* ---- tests (LANGUAGE.md §8) */

test_body
  : %empty                             { $$ = ast_test_begin(&p->b); }
  | test_body kw_as_of TIME            { $$ = ast_test_as_of(&p->b, $1, $3, @2, @3); }
  | test_body kw_given JSON            { $$ = ast_test_given_json(&p->b, $1, $3, @2); }
  | test_body kw_given FILE '(' STRING ')'
                                       { $$ = ast_test_given_file(&p->b, $1, $5, @2, @6); }
  | test_body expect                   { $$ = ast_test_expect(&p->b, $1, $2); }
  | test_body error
  ;

expect
  : kw_expect SCORE cmp_op coal        { $$ = ast_expect_value(&p->b, @$, AST_EXPECT_SCORE, NULL, $3, $4); }
  | kw_expect TIER cmp_op coal         { $$ = ast_expect_value(&p->b, @$, AST_EXPECT_TIER, NULL, $3, $4); }
  | kw_expect GROUP ident cmp_op coal  { $$ = ast_expect_value(&p->b, @$, AST_EXPECT_GROUP, $3, $4, $5); }
  | kw_expect RULE ident cmp_op coal   { $$ = ast_expect_value(&p->b, @$, AST_EXPECT_RULE, $3, $4, $5); }
  | kw_expect FIRED idents             { $$ = ast_expect_fired(&p->b, @$, false, $3); }
  | kw_expect NOT FIRED idents         { $$ = ast_expect_fired(&p->b, @$, true, $4); }
  | kw_expect REJECTED STRING          { $$ = ast_expect_rejected(&p->b, @$, $3); }
  ;

ident
  : IDENT                              { $$ = ast_ident_at(&p->b, $1, @1); }
  ;

idents
  : ident                              { $$ = ast_vec1(&p->b, $1); }
  | idents ',' ident                   { $$ = ast_vec_add(&p->b, $1, $3); }
  ;

/* ---- expressions (LANGUAGE.md §4) */

expr
  : or_expr
  ;

or_expr
  : or_expr OR and_expr                { $$ = ast_binary(&p->b, OP_OR, $1, $3, @$); }
  | and_expr
  ;

and_expr
  : and_expr AND not_expr              { $$ = ast_binary(&p->b, OP_AND, $1, $3, @$); }
  | not_expr
  ;

not_expr
  : NOT not_expr                       { $$ = ast_unary(&p->b, OP_NOT, $2, @$); }
  | cmp_expr
  ;

cmp_expr
  : coal
  | coal cmp_op coal                   { $$ = ast_binary(&p->b, $2, $1, $3, @$); }
  | coal str_op coal                   { $$ = ast_binary(&p->b, $2, $1, $3, @$); }
  | coal IN coal                       { $$ = ast_binary(&p->b, OP_IN, $1, $3, @$); }
  | coal NOT IN coal                   { $$ = ast_binary(&p->b, OP_NOT_IN, $1, $4, @$); }
  | coal IN coal DOTDOT coal           { $$ = ast_in_range(&p->b, $1, $3, $5, false, @$); }
  | coal NOT IN coal DOTDOT coal       { $$ = ast_in_range(&p->b, $1, $4, $6, true, @$); }
  | coal IS MISSING                    { $$ = ast_is(&p->b, $1, false, @$); }
  | coal IS PRESENT                    { $$ = ast_is(&p->b, $1, true, @$); }
  ;

cmp_op
  : EQ                                 { $$ = OP_EQ; }
  | NE                                 { $$ = OP_NE; }
  | '<'                                { $$ = OP_LT; }
  | LE                                 { $$ = OP_LE; }
  | '>'                                { $$ = OP_GT; }
  | GE                                 { $$ = OP_GE; }
  ;

str_op
  : CONTAINS                           { $$ = OP_CONTAINS; }
  | STARTS_WITH                        { $$ = OP_STARTS_WITH; }
  | ENDS_WITH                          { $$ = OP_ENDS_WITH; }
  | MATCHES                            { $$ = OP_MATCHES; }
  ;

coal
  : coal COALESCE add                  { $$ = ast_binary(&p->b, OP_COALESCE, $1, $3, @$); }
  | add
  ;

add
  : add '+' mul                        { $$ = ast_binary(&p->b, OP_ADD, $1, $3, @$); }
  | add '-' mul                        { $$ = ast_binary(&p->b, OP_SUB, $1, $3, @$); }
  | mul
  ;

mul
  : mul '*' unary                      { $$ = ast_binary(&p->b, OP_MUL, $1, $3, @$); }
  | mul '/' unary                      { $$ = ast_binary(&p->b, OP_DIV, $1, $3, @$); }
  | mul '%' unary                      { $$ = ast_binary(&p->b, OP_MOD, $1, $3, @$); }
  | unary
  ;

unary
  : '-' unary                          { $$ = ast_unary(&p->b, OP_NEG, $2, @$); }
  | '+' unary                          { $$ = ast_unary(&p->b, OP_POS, $2, @$); }
  | postfix
  ;

postfix
  : postfix '.' IDENT                  { $$ = ast_dot(&p->b, $1, $3, @3, @$); }
  | primary
  ;

primary
  : NUMBER                             { $$ = ast_num(&p->b, $1, @$); }
  | STRING                             { $$ = ast_str(&p->b, $1); }
  | TRUE                               { $$ = ast_bool(&p->b, true, @$); }
  | FALSE                              { $$ = ast_bool(&p->b, false, @$); }
  | DURATION                           { $$ = ast_dur(&p->b, $1, @$); }
  | TIME                               { $$ = ast_time(&p->b, $1, @$); }
  | REGEX                              { $$ = ast_regex(&p->b, $1, @$); }
  | SCORE                              { $$ = ast_score(&p->b, @$); }
  | IDENT                              { $$ = ast_name(&p->b, $1, @$); }
  | '(' expr ')'                       { $$ = ast_paren(&p->b, $2, @$); }
  | '[' list_items ']'                 { $$ = ast_list(&p->b, $2, @$); }
  | IDENT '(' opt_args opt_where opt_within ')'
                                       { $$ = ast_call(&p->b, $1, @1, $3, $4, $5, @$); }
  | FLOOR '(' opt_args opt_where opt_within ')'
                                       { $$ = ast_call(&p->b, "floor", @1, $3, $4, $5, @$); }
  ;

opt_args
  : %empty                             { $$ = ast_vec_empty(); }
  | args
  ;

args
  : expr                               { $$ = ast_vec1(&p->b, $1); }
  | args ',' expr                      { $$ = ast_vec_add(&p->b, $1, $3); }
  ;

list_items
  : %empty                             { $$ = ast_vec_empty(); }
  | args opt_comma
  ;

%%

/* Single-character tokens are named by their quoted character, e.g. "'+'". */
static bool is_char(yysymbol_kind_t k, const char *set) {
  const char *name = yysymbol_name(k);
  return name[0] == '\'' && name[1] && strchr(set, name[1]);
}

/* Which families a token belongs to, so that syntax_error.c can fold long lists into a phrase. */
static unsigned token_class(yysymbol_kind_t k) {
  unsigned c = 0;
  switch (k) {
  case YYSYMBOL_YYEOF:
    return LC_TOK_EOF;
  case YYSYMBOL_MODEL: case YYSYMBOL_VERSION: case YYSYMBOL_IMPORT: case YYSYMBOL_INPUT:
  case YYSYMBOL_RECORD: case YYSYMBOL_CONST: case YYSYMBOL_DEF: case YYSYMBOL_GROUP: case YYSYMBOL_TIER:
  case YYSYMBOL_TEST:
    return LC_TOK_DECL;
  case YYSYMBOL_RULE:
    return LC_TOK_DECL | LC_TOK_RULE;
  case YYSYMBOL_SCORE:
    return LC_TOK_DECL | LC_TOK_EXPR;
  case YYSYMBOL_IDENT: case YYSYMBOL_NUMBER: case YYSYMBOL_DURATION: case YYSYMBOL_TIME:
  case YYSYMBOL_STRING: case YYSYMBOL_REGEX: case YYSYMBOL_TRUE: case YYSYMBOL_FALSE: case YYSYMBOL_FLOOR:
    return LC_TOK_EXPR;
  case YYSYMBOL_NOT:
    return LC_TOK_EXPR | LC_TOK_OPERATOR;
  case YYSYMBOL_AND: case YYSYMBOL_OR: case YYSYMBOL_IN: case YYSYMBOL_IS: case YYSYMBOL_CONTAINS:
  case YYSYMBOL_STARTS_WITH: case YYSYMBOL_ENDS_WITH: case YYSYMBOL_MATCHES: case YYSYMBOL_EQ:
  case YYSYMBOL_NE: case YYSYMBOL_LE: case YYSYMBOL_GE: case YYSYMBOL_COALESCE:
    return LC_TOK_OPERATOR;
  default:
    if (is_char(k, "-+([")) c |= LC_TOK_EXPR;
    if (is_char(k, "<>-+*/%.(")) c |= LC_TOK_OPERATOR;
    return c;
  }
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, lc_parse_ctx *p) {
  yysymbol_kind_t exp[YYNTOKENS];
  int n = yypcontext_expected_tokens(ctx, exp, YYNTOKENS);
  lc_expected e = {.n = 0};
  for (int i = 0; i < n && e.n < LC_EXPECTED_MAX; i++) {
    e.names[e.n] = yysymbol_name(exp[i]);
    e.classes[e.n++] = token_class(exp[i]);
  }
  lc_syntax_error(p, *yypcontext_location(ctx), token_class(yypcontext_token(ctx)), &e);
  return 0;
}

/* Bison calls this only when its stack is exhausted, i.e. on absurdly deep nesting. */
static void yyerror(const YYLTYPE *loc, void *scanner, lc_parse_ctx *p, const char *msg) {
  lc_report(p->diags, LC_E0101, *loc, "the file is nested too deeply to parse (%s)", msg);
}
