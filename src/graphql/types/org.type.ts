import { Field, ID, ObjectType } from "type-graphql";
import { DateTime } from "./scalars.js";

@ObjectType({ description: "A permission, named by its id (`auth:admin`, `auth:org:{uuid}`, `app:read`); reverse proxies see a role's in Remote-Groups" })
export class Permission {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
}

@ObjectType({ description: "A role of an org: the permissions its members hold" })
export class Role {
  @Field(() => ID) id!: string;
  @Field(() => ID) orgId!: string;
  @Field(() => String) displayName!: string;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType({ description: "A user's membership of an org, through one of its roles" })
export class OrgMember {
  @Field(() => ID) userId!: string;
  @Field(() => ID) orgId!: string;
  @Field(() => ID) roleId!: string;
  @Field(() => DateTime) createdAt!: Date;
}

@ObjectType({ description: "An organisation; `auth:org:{id}` is the permission of its admins" })
export class Org {
  @Field(() => ID) id!: string;
  @Field(() => String) displayName!: string;
  @Field(() => DateTime) createdAt!: Date;
}
