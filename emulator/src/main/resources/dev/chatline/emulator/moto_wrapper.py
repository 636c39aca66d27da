# Starts moto_server for the embedded emulator (dev.chatline.emulator.MotoServer), with changes that make
# DynamoDB behave as on AWS under concurrency, keep transactions and queries fast as tables grow, and cut the fixed
# cost of every request.
import copy
import os
import sys
import threading


def _exit_when_parent_goes():
    sys.stdin.read()
    os._exit(0)


threading.Thread(target=_exit_when_parent_goes, daemon=True).start()

# 1. moto is not atomic under concurrent requests (UpdateItem reads its ALL_OLD image before, not while, it writes;
#    a transaction checks and writes item by item; an UpdateItem that creates an item makes it visible with its key
#    alone before it applies the update). DynamoDB is atomic per item and per transaction, so moto's DynamoDB
#    requests that read or write items are serialised: a reader never sees half a write.
import moto.dynamodb.responses as _responses

_lock = threading.RLock()


def _serialised(f):
    def g(*a, **k):
        with _lock:
            return f(*a, **k)
    return g


for _name in ('put_item', 'update_item', 'delete_item', 'batch_write_item', 'transact_write_items',
              'get_item', 'batch_get_item', 'query', 'scan', 'transact_get_items'):
    setattr(_responses.DynamoHandler, _name, _serialised(getattr(_responses.DynamoHandler, _name)))

# 2. moto's TransactWriteItems deep-copies every table it touches (once per item) to roll back a failed transaction,
#    so a transaction costs time in proportion to the data stored (seconds per call once a benchmark has filled a
#    table). This version checks every condition first and writes only when all hold (nothing to roll back then),
#    backing up just the touched items against a failing write. Same requests, errors and results as moto's.
import moto.dynamodb.models as _m


def _transact_write_items(self, transact_items):
    if len(transact_items) > 100:
        raise _m.TooManyTransactionsException()
    targets = set()
    errors = []
    plan = []
    for item in transact_items:
        if len(list(item.keys())) > 1:
            raise _m.TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in {"ConditionCheck", "Put", "Delete", "Update"}:
            raise ValueError("Unsupported transaction operation")
        original_item = None
        try:
            table_name = op["TableName"]
            if op_type == "Put":
                attrs = op["Item"]
                table = self.get_table(table_name)
                key = {table.hash_key_attr: attrs[table.hash_key_attr]}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs[table.range_key_attr]
            else:
                key = op["Key"]
            target = (str(table_name), str(dict(sorted(key.items()))))
            if target in targets:
                raise _m.MultipleTransactionsException()
            targets.add(target)
            current = self.get_item(table_name, key)
            condition = op.get("ConditionExpression")
            if condition is not None:
                check = _m.get_filter_expression(condition, op.get("ExpressionAttributeNames"),
                                                 op.get("ExpressionAttributeValues"))
                if not check.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        original_item = current.to_json()["Attributes"]
                    raise _m.ConditionalCheckFailed(item=original_item)
            plan.append((op_type, op, table_name, key, current))
            errors.append((None, None, None))
        except (_m.MultipleTransactionsException, _m.MockValidationException):
            raise
        except _m.ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), original_item))
        except Exception as e:  # noqa: E722, as moto: any other failure cancels with its name
            errors.append((type(e).__name__, str(e), original_item))
    if any(code is not None for code, _, _ in errors):
        raise _m.TransactionCanceledException(errors)
    backups = [(table_name, key, copy.deepcopy(current)) for _, _, table_name, key, current in plan]
    try:
        for op_type, op, table_name, key, _ in plan:
            names = op.get("ExpressionAttributeNames")
            values = op.get("ExpressionAttributeValues")
            condition = op.get("ConditionExpression")
            if op_type == "Put":
                self.put_item(table_name, op["Item"], condition_expression=condition,
                              expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Delete":
                self.delete_item(table_name, key, condition_expression=condition,
                                 expression_attribute_names=names, expression_attribute_values=values)
            elif op_type == "Update":
                self.update_item(table_name, key, update_expression=op["UpdateExpression"],
                                 condition_expression=condition, expression_attribute_names=names,
                                 expression_attribute_values=values)
    except Exception:
        for table_name, key, old in backups:
            if old is None:
                self.delete_item(table_name, key)
            else:
                self.put_item(table_name, old.to_json()["Attributes"])
        raise


_m.DynamoDBBackend.transact_write_items = _transact_write_items

# 3. moto's Query sorts every item of the table (Table.all_items) before it picks the partition asked for, so a query
#    costs O(n log n) in the table's size with slow comparisons: ~60 ms at 1,000 items, and whole test classes slowed
#    as their tables grew. During a Query, all_items yields only what the query can match: the key's partition for a
#    table query (moto then sorts it by range key, as before), and the items unsorted for an index query (moto sorts
#    those by the index keys and then the table keys, a total order, so the order of what it is given never shows).
#    Same results, pages and LastEvaluatedKey as moto's; Scan and PartiQL still see all items sorted.
import moto.dynamodb.models.table as _table

_query_scope = threading.local()
_all_items = _table.Table.all_items
_query = _table.Table.query


def _all_items_in_scope(self):
    scope = getattr(_query_scope, 'scope', None)
    if scope is None or scope[0] is not self:
        return _all_items(self)
    _, hash_key, index_name = scope
    if index_name:
        if self.range_key_attr:
            return [item for partition in self.items.values() for item in partition.values()]
        return list(self.items.values())
    partition = self.items.get(hash_key)
    if partition is None:
        return []
    return list(partition.values()) if self.range_key_attr else [partition]


def _query_in_scope(self, hash_key, *args, **kwargs):
    index_name = kwargs.get('index_name', args[6] if len(args) > 6 else None)
    if not index_name and hash_key is None:
        return _query(self, hash_key, *args, **kwargs)
    _query_scope.scope = (self, hash_key, index_name)
    try:
        return _query(self, hash_key, *args, **kwargs)
    finally:
        _query_scope.scope = None


_table.Table.all_items = _all_items_in_scope
_table.Table.query = _query_in_scope

# 4. Per request, moto's server lists its own package directory (about 150 stat calls, twice) to route the request,
#    and werkzeug writes an access-log line (the JVM drains it at debug level). The directory does not change while
#    the server runs, so its listing is read once; the access log is off (errors are still logged).
import logging
import moto.backends as _backends

_moto_modules = tuple(_backends.list_of_moto_modules())
_backends.list_of_moto_modules = lambda: _moto_modules
logging.getLogger('werkzeug').setLevel(logging.WARNING)

from moto.server import main

main(sys.argv[1:])
